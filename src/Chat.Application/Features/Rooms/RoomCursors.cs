using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Paging;

namespace Chat.Application.Features.Rooms;

/// <summary>Opaque cursors of the room lists: a position in (name, id) order, or a membership id.</summary>
internal static class RoomCursors
{
    public static string EncodeNamePosition(string normalizedName, Guid id) => Cursor.Encode(id.ToString("N") + normalizedName);

    public static (string NormalizedName, Guid Id)? DecodeNamePosition(string? cursor)
    {
        var value = Cursor.Decode(cursor);
        if (value is null)
        {
            return null;
        }

        if (value.Length < 32 || !Guid.TryParseExact(value[..32], "N", out var id))
        {
            throw new BadRequestException("The cursor is not valid.");
        }

        return (value[32..], id);
    }
}
