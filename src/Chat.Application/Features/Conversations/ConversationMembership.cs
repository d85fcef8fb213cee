using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Conversations;

/// <summary>Membership answers from the participants table: each one query over its unique (conversation, user) index.</summary>
internal sealed class ConversationMembership(IChatDbContext db) : IConversationMembership
{
    public async Task<ConversationAccess> AccessAsync(Guid userId, Guid conversationId, CancellationToken cancellationToken)
    {
        var isParticipant = await db.Set<Conversation>()
            .Where(c => c.Id == conversationId)
            .Select(c => (bool?)db.Set<ConversationParticipant>().Any(p => p.ConversationId == c.Id && p.UserId == userId))
            .FirstOrDefaultAsync(cancellationToken);
        return ToAccess(isParticipant);
    }

    public async Task<(ConversationAccess Access, Guid ConversationId)> AccessToMessageAsync(Guid userId, Guid messageId, CancellationToken cancellationToken)
    {
        var row = await db.Set<Message>()
            .Where(m => m.Id == messageId)
            .Select(m => new { m.ConversationId, IsParticipant = db.Set<ConversationParticipant>().Any(p => p.ConversationId == m.ConversationId && p.UserId == userId) })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? (ConversationAccess.Missing, Guid.Empty) : (ToAccess(row.IsParticipant), row.ConversationId);
    }

    public async Task<bool> CanReadAsync(Guid userId, Guid conversationId, CancellationToken cancellationToken) =>
        await db.Set<ConversationParticipant>().AnyAsync(p => p.ConversationId == conversationId && p.UserId == userId, cancellationToken);

    public async Task<IReadOnlyList<Guid>> ParticipantIdsAsync(Guid conversationId, CancellationToken cancellationToken) =>
        await db.Set<ConversationParticipant>().Where(p => p.ConversationId == conversationId).Select(p => p.UserId).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<Guid>> ConversationIdsOfAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Set<ConversationParticipant>().Where(p => p.UserId == userId).Select(p => p.ConversationId).ToListAsync(cancellationToken);

    private static ConversationAccess ToAccess(bool? isParticipant) => isParticipant switch
    {
        null => ConversationAccess.Missing,
        false => ConversationAccess.Denied,
        true => ConversationAccess.Granted,
    };
}
