using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Domain.Rooms;
using MediatR;

namespace Chat.Application.Features.Rooms.GetMyRooms;

internal sealed class GetMyRoomsQueryHandler(IChatDbContext db, ICurrentUser currentUser)
    : IRequestHandler<GetMyRoomsQuery, CursorPage<RoomDto>>
{
    public Task<CursorPage<RoomDto>> Handle(GetMyRoomsQuery request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var rooms = db.Set<Room>().Where(r => db.Set<RoomMember>().Any(m => m.RoomId == r.Id && m.UserId == me));
        return RoomPages.ByNameAsync(rooms, me, request.Limit, request.Cursor, cancellationToken);
    }
}
