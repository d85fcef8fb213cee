using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using Chat.Domain.Conversations;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Conversations;

/// <summary>
/// Moves a participant's read or delivery marker forward. The markers are concurrency tokens, so two devices marking
/// at once cannot move one backwards: the loser re-reads and tries again.
/// </summary>
internal sealed class ParticipantMarkers(IChatDbContext db)
{
    public Task MarkReadAsync(Guid conversationId, Guid userId, long seq, CancellationToken cancellationToken) =>
        MoveAsync(conversationId, userId, (participant, lastSeq) => participant.MarkRead(seq, lastSeq), cancellationToken);

    public Task MarkDeliveredAsync(Guid conversationId, Guid userId, long seq, CancellationToken cancellationToken) =>
        MoveAsync(conversationId, userId, (participant, lastSeq) => participant.MarkDelivered(seq, lastSeq), cancellationToken);

    private Task MoveAsync(Guid conversationId, Guid userId, Func<ConversationParticipant, long, bool> move, CancellationToken cancellationToken) =>
        ConcurrencyRetry.RunAsync(
            db,
            async ct =>
            {
                var row = await db.Set<ConversationParticipant>()
                    .Where(p => p.ConversationId == conversationId && p.UserId == userId)
                    .Select(p => new { Participant = p, LastSeq = db.Set<Conversation>().Where(c => c.Id == p.ConversationId).Select(c => c.LastSeq).First() })
                    .FirstOrDefaultAsync(ct);
                if (row is not null && move(row.Participant, row.LastSeq))
                {
                    await db.SaveChangesAsync(ct);
                }

                return true;
            },
            cancellationToken);
}
