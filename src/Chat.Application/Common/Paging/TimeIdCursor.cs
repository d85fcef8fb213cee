using System.Globalization;
using Chat.Application.Common.Exceptions;

namespace Chat.Application.Common.Paging;

/// <summary>A cursor holding a timestamp and an id (for lists ordered by a time, ties broken by id).</summary>
public static class TimeIdCursor
{
    public static string Encode(DateTime time, Guid id) => Cursor.Encode($"{time.Ticks.ToString(CultureInfo.InvariantCulture)}:{id:N}");

    public static (DateTime Time, Guid Id)? Decode(string? cursor)
    {
        var value = Cursor.Decode(cursor);
        if (value is null)
        {
            return null;
        }

        var parts = value.Split(':');
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTime.MaxValue.Ticks
            && Guid.TryParseExact(parts[1], "N", out var id))
        {
            return (new DateTime(ticks, DateTimeKind.Utc), id);
        }

        throw new BadRequestException("The cursor is not valid.");
    }
}
