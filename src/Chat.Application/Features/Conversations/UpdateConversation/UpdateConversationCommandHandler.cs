using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Rooms;
using Chat.Domain.Conversations;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Conversations.UpdateConversation;

internal sealed class UpdateConversationCommandHandler(
    IChatDbContext db, ICurrentUser currentUser, ConversationMembershipChange change, ChannelEditor channels, ConversationReader reader, TimeProvider clock)
    : IRequestHandler<UpdateConversationCommand, ConversationDto>
{
    public async Task<ConversationDto> Handle(UpdateConversationCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;

        // A channel's title and topic belong to its room's admins.
        var roomId = await db.Set<Conversation>().Where(c => c.Id == request.ConversationId).Select(c => c.RoomId).FirstOrDefaultAsync(cancellationToken);
        if (roomId is { } channelRoomId)
        {
            await channels.UpdateAsync(channelRoomId, request.ConversationId, request.Title, request.Topic, null, cancellationToken);
            return await reader.ReadOneAsync(request.ConversationId, me, cancellationToken);
        }

        await change.ApplyAsync(
            request.ConversationId,
            me,
            (conversation, actor) => conversation.UpdateDetails(actor, request.Title, request.Topic, clock.GetUtcNow().UtcDateTime),
            cancellationToken);
        return await reader.ReadOneAsync(request.ConversationId, me, cancellationToken);
    }
}
