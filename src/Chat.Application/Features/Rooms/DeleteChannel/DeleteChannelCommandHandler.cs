using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms;
using MediatR;

namespace Chat.Application.Features.Rooms.DeleteChannel;

internal sealed class DeleteChannelCommandHandler(IChatDbContext db, ICurrentUser currentUser, RoomStore store)
    : IRequestHandler<DeleteChannelCommand, Unit>
{
    public async Task<Unit> Handle(DeleteChannelCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var room = await store.LoadAsync(request.RoomId, me, null, cancellationToken);
        RoomPermissions.Authorize(room.AccessOf(me), RoomAction.ManageChannels);
        var channel = await store.LoadChannelAsync(request.RoomId, request.ChannelId, cancellationToken);
        room.DeleteChannel(me, channel);

        // Participants, messages and everything hanging off them go with the conversation row (cascade).
        db.Set<Conversation>().Remove(channel);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
