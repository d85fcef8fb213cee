using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.Events;

/// <summary>
/// Recipients read from the database on every call: the conversation's kind and room, then its participants through
/// <see cref="IConversationMembership.ParticipantIdsAsync"/> (so a channel's recipients follow whatever membership rule that answers).
/// </summary>
public sealed class StoredConversationRecipients(IConversationMembership membership, IChatDbContext db) : IConversationRecipients
{
    public async ValueTask<ConversationRecipients> OfAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var conversation = await db.Set<Conversation>().AsNoTracking()
            .Where(c => c.Id == conversationId)
            .Select(c => new { c.Kind, c.RoomId })
            .FirstOrDefaultAsync(cancellationToken);
        if (conversation is null)
        {
            return new ConversationRecipients([], IsDirect: false, RoomId: null);
        }

        var userIds = await membership.ParticipantIdsAsync(conversationId, cancellationToken);
        return new ConversationRecipients(userIds, conversation.Kind == ConversationKind.Direct, conversation.RoomId);
    }
}
