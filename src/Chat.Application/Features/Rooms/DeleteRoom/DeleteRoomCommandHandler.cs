using Chat.Application.Common.Interfaces;
using Chat.Domain.Rooms;
using MediatR;

namespace Chat.Application.Features.Rooms.DeleteRoom;

internal sealed class DeleteRoomCommandHandler(IChatDbContext db, ICurrentUser currentUser, RoomStore store, RoomReader reader)
    : IRequestHandler<DeleteRoomCommand, Unit>
{
    public async Task<Unit> Handle(DeleteRoomCommand request, CancellationToken cancellationToken)
    {
        var room = await store.LoadAsync(request.RoomId, currentUser.UserId, null, cancellationToken);
        RoomPermissions.Authorize(room.AccessOf(currentUser.UserId), RoomAction.Delete);

        // Who to tell must be read before the rows go.
        room.Delete(currentUser.UserId, await reader.MemberIdsAsync(room.Id, cancellationToken));
        db.Set<Room>().Remove(room);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
