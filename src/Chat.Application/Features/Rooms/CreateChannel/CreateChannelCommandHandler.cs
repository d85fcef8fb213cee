using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Conversations;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Rooms.CreateChannel;

internal sealed class CreateChannelCommandHandler(
    IChatDbContext db, ICurrentUser currentUser, RoomStore store, ConversationReader conversations, TimeProvider clock)
    : IRequestHandler<CreateChannelCommand, ConversationDto>
{
    public async Task<ConversationDto> Handle(CreateChannelCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var channelId = await db.InTransactionAsync(async ct =>
        {
            // The room's lock first: positions are read and taken by one channel creation at a time.
            await store.LockAsync(request.RoomId, ct);
            var room = await store.LoadAsync(request.RoomId, me, null, ct);
            RoomPermissions.Authorize(room.AccessOf(me), RoomAction.ManageChannels);
            // "Last" is one past the highest, computed here rather than in SQL so a stored maximum cannot overflow;
            // past the limit, new channels share the last place.
            var last = await db.Set<Conversation>().Where(c => c.RoomId == room.Id).MaxAsync(c => c.Position, ct);
            var position = request.Position ?? (int)Math.Min((long)(last ?? -1) + 1, RoomLimits.MaxChannelPosition);
            var channel = room.CreateChannel(me, request.Name, request.Type!.Value, request.Topic, position, clock.GetUtcNow().UtcDateTime);
            db.Set<Conversation>().Add(channel);
            await db.SaveChangesAsync(ct);
            return channel.Id;
        }, cancellationToken);
        return await conversations.ReadOneAsync(channelId, me, cancellationToken);
    }
}
