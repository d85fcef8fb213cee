using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Rooms.LeaveRoom;

internal sealed class LeaveRoomCommandHandler(ICurrentUser currentUser, RoomStore store)
    : IRequestHandler<LeaveRoomCommand, Unit>
{
    public async Task<Unit> Handle(LeaveRoomCommand request, CancellationToken cancellationToken)
    {
        var room = await store.LoadAsync(request.RoomId, currentUser.UserId, null, cancellationToken);
        room.Leave(currentUser.UserId);
        await store.SaveAsync(room, cancellationToken);
        return Unit.Value;
    }
}
