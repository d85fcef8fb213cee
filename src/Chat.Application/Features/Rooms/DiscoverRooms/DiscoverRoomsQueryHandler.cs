using Chat.Domain.Common;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Domain.Rooms;
using MediatR;

namespace Chat.Application.Features.Rooms.DiscoverRooms;

internal sealed class DiscoverRoomsQueryHandler(IChatDbContext db, ICurrentUser currentUser)
    : IRequestHandler<DiscoverRoomsQuery, CursorPage<RoomDto>>
{
    public Task<CursorPage<RoomDto>> Handle(DiscoverRoomsQuery request, CancellationToken cancellationToken)
    {
        var rooms = db.Set<Room>().Where(r => r.IsPublic);
        var search = UnicodeText.FoldForSearch(request.Search?.Trim());
        if (!string.IsNullOrEmpty(search))
        {
            rooms = rooms.Where(r => r.NormalizedName.StartsWith(search));
        }

        return RoomPages.ByNameAsync(rooms, currentUser.UserId, request.Limit, request.Cursor, cancellationToken);
    }
}
