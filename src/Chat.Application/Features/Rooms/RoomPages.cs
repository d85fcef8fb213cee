using Chat.Domain.Common;
using Chat.Application.Common.Paging;
using Chat.Domain.Rooms;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Rooms;

/// <summary>Pages of rooms in (normalized name, id) order.</summary>
internal static class RoomPages
{
    public static async Task<CursorPage<RoomDto>> ByNameAsync(IQueryable<Room> rooms, Guid viewerId, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var size = PageLimits.Normalize(limit);
        if (RoomCursors.DecodeNamePosition(cursor) is var (name, id))
        {
            rooms = rooms.Where(r => string.Compare(r.NormalizedName, name) > 0 || (r.NormalizedName == name && r.Id.CompareTo(id) > 0));
        }

        var rows = await RoomReader.Project(rooms.AsNoTracking().OrderBy(r => r.NormalizedName).ThenBy(r => r.Id).Take(size + 1), viewerId)
            .ToListAsync(cancellationToken);

        // The normalized name is the folded name (Room.Rename), so the cursor can be made from the DTO.
        return CursorPage.FromRows(rows, size, r => RoomCursors.EncodeNamePosition(UnicodeText.FoldForSearch(r.Name), r.Id));
    }
}
