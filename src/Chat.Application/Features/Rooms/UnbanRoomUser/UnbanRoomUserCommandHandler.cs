using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Rooms.UnbanRoomUser;

internal sealed class UnbanRoomUserCommandHandler(IChatDbContext db, ICurrentUser currentUser, RoomStore store)
    : IRequestHandler<UnbanRoomUserCommand, Unit>
{
    public async Task<Unit> Handle(UnbanRoomUserCommand request, CancellationToken cancellationToken)
    {
        var room = await store.LoadAsync(request.RoomId, currentUser.UserId, request.UserId, cancellationToken);
        room.Unban(currentUser.UserId, request.UserId);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
