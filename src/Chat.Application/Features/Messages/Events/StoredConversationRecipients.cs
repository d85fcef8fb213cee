using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.Events;

/// <summary>
/// Recipients read from the database on every call: the conversation's kind and room, then its participants through
/// <see cref="IConversationMembership.ParticipantIdsAsync"/> (so a channel's recipients follow whatever membership rule that answers).
/// The membership version is read first: a change committed between the two reads makes the answer look older than it
/// is, never newer (a cache then only reads it again sooner).
/// </summary>
public sealed class StoredConversationRecipients(IConversationMembership membership, IChatDbContext db) : IConversationRecipients
{
    public async ValueTask<ConversationRecipients> OfAsync(Guid conversationId, long? membershipVersion, CancellationToken cancellationToken)
    {
        var conversation = await db.Set<Conversation>().AsNoTracking()
            .Where(c => c.Id == conversationId)
            .Select(c => new { c.Kind, c.RoomId, c.MembershipVersion })
            .FirstOrDefaultAsync(cancellationToken);
        if (conversation is null)
        {
            return new ConversationRecipients([], IsDirect: false, RoomId: null, MembershipVersion: -1);
        }

        var userIds = await membership.ParticipantIdsAsync(conversationId, cancellationToken);
        return new ConversationRecipients(userIds, conversation.Kind == ConversationKind.Direct, conversation.RoomId, conversation.MembershipVersion);
    }

    /// <summary>Keeps nothing in memory, so it never knows: every access check reads the database.</summary>
    public bool IsKnownRecipient(Guid conversationId, Guid userId) => false;
}
