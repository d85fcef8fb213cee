using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Rooms.TransferRoom;

internal sealed class TransferRoomCommandHandler(IChatDbContext db, ICurrentUser currentUser, RoomStore store, TimeProvider clock)
    : IRequestHandler<TransferRoomCommand, Unit>
{
    public async Task<Unit> Handle(TransferRoomCommand request, CancellationToken cancellationToken)
    {
        var room = await store.LoadAsync(request.RoomId, currentUser.UserId, request.UserId, cancellationToken);
        room.TransferOwnership(currentUser.UserId, request.UserId, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
