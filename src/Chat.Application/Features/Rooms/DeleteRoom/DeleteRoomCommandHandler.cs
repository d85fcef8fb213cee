using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Rooms.DeleteRoom;

internal sealed class DeleteRoomCommandHandler(IChatDbContext db, ICurrentUser currentUser, RoomStore store, RoomReader reader)
    : IRequestHandler<DeleteRoomCommand, Unit>
{
    public async Task<Unit> Handle(DeleteRoomCommand request, CancellationToken cancellationToken)
    {
        var room = await store.LoadAsync(request.RoomId, currentUser.UserId, null, cancellationToken);

        // Who to tell must be read before the rows go.
        room.Delete(currentUser.UserId, await reader.MemberIdsAsync(room.Id, cancellationToken));
        db.Set<Room>().Remove(room);
        await db.InTransactionAsync(async ct =>
        {
            // Channels reference their room without a foreign key (see ConversationConfiguration): delete them here;
            // their participants and messages go with them by cascade.
            await db.Set<Conversation>().Where(c => c.RoomId == room.Id).ExecuteDeleteAsync(ct);
            return await db.SaveChangesAsync(ct);
        }, cancellationToken);
        return Unit.Value;
    }
}
