using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using Chat.Domain.Conversations;

namespace Chat.Application.Features.Conversations;

/// <summary>
/// Moves a participant's read or delivery marker forward. The markers are concurrency tokens, so two devices marking
/// at once cannot move one backwards: the loser re-reads and tries again (also when two requests make a channel
/// member's first row at once: the unique (conversation, user) index refuses the second).
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
                // A channel member's first marker makes their row (saved only when the marker moves past their join point).
                var row = await db.FindParticipantAsync(conversationId, userId, ct);
                if (row is { } found && move(found.Participant, found.LastSeq))
                {
                    await db.SaveChangesAsync(ct);
                }

                return true;
            },
            cancellationToken);
}
