using Chat.Application.Common.Exceptions;

namespace Chat.Application.Common.Paging;

/// <summary>A cursor holding the id of the last item of a page (for lists ordered by a UUID v7 id, that is, by creation).</summary>
public static class GuidCursor
{
    public static string Encode(Guid id) => Cursor.Encode(id.ToString());

    public static Guid? Decode(string? cursor)
    {
        var value = Cursor.Decode(cursor);
        if (value is null)
        {
            return null;
        }

        return Guid.TryParse(value, out var id) ? id : throw new BadRequestException("The cursor is not valid.");
    }
}
