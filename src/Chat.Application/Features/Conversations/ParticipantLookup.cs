using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Messages;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Chat.Domain.Rooms;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Conversations;

/// <summary>
/// The acting user's participant row, loaded for a change. The authorization behaviour let the request in, but the
/// user may have left since (a write runs under the conversation's lock, so this answer is the current one).
/// <para>
/// In a channel, access is the room membership, checked here on every call, and the row (read and delivery markers)
/// is made only now, when the member first reads or writes: it starts at their join point — the channel's last seq at
/// their room membership's join time (<see cref="RoomMember.JoinedAt"/>). A row older than the membership (left over
/// from an earlier one) is renewed the same way. docs/decisions/0012-no-per-member-work-per-message.md.
/// </para>
/// </summary>
internal static class ParticipantLookup
{
    /// <summary>The lookup below, compiled once: it runs for every send and marker (<see cref="PageQueries"/>). Tracking: the row is changed and saved.</summary>
    private static readonly PageQueries.PerModel<Func<DbContext, Guid, Guid, CancellationToken, Task<ParticipantRow?>>> Find = new(() => EF.CompileAsyncQuery(
        (DbContext context, Guid conversationId, Guid userId, CancellationToken _) =>
            (from c in context.Set<Conversation>().AsTracking()
             where c.Id == conversationId
             from p in context.Set<ConversationParticipant>().Where(p => p.ConversationId == c.Id && p.UserId == userId).DefaultIfEmpty()
             select new ParticipantRow(
                 p,
                 c.LastSeq,
                 c.LastActivityAt,
                 c.RoomId != null,
                 context.Set<RoomMember>().Where(m => m.RoomId == c.RoomId && m.UserId == userId).Select(m => (DateTime?)m.JoinedAt).FirstOrDefault()))
            .FirstOrDefault()));

    public static async Task<ConversationParticipant> RequireParticipantAsync(this IChatDbContext db, Guid conversationId, Guid userId, CancellationToken cancellationToken) =>
        (await db.FindParticipantAsync(conversationId, userId, cancellationToken))?.Participant ?? throw NotAParticipant(conversationId);

    /// <summary>
    /// The user's row (tracked; a channel member's is added or renewed, saved with the caller's next save) and the
    /// conversation's last seq; null when the conversation is gone or the user is not (or no longer) in it.
    /// One query, two more only when a channel row is made.
    /// </summary>
    public static async Task<(ConversationParticipant Participant, long LastSeq)?> FindParticipantAsync(
        this IChatDbContext db, Guid conversationId, Guid userId, CancellationToken cancellationToken)
    {
        var context = (DbContext)db;
        var found = await Find.For(context)(context, conversationId, userId, cancellationToken);
        if (found is null)
        {
            return null;
        }

        if (!found.IsChannel)
        {
            return found.Participant is { } participant ? (participant, found.LastSeq) : null;
        }

        if (found.MemberJoinedAt is not { } joinedAt)
        {
            return null;
        }

        if (found.Participant is { } current && current.BelongsToMembership(joinedAt))
        {
            return (current, found.LastSeq);
        }

        var readUpTo = found.LastActivityAt <= joinedAt ? found.LastSeq : await JoinPointSeqAsync(db, conversationId, joinedAt, cancellationToken);
        if (found.Participant is { } stale)
        {
            stale.Rejoin(joinedAt, readUpTo);
            return (stale, found.LastSeq);
        }

        var channel = await db.Set<Conversation>().AsTracking().SingleAsync(c => c.Id == conversationId, cancellationToken);
        return (channel.AdmitRoomMember(userId, joinedAt, readUpTo), found.LastSeq);
    }

    /// <summary>
    /// The channel's last seq at <paramref name="joinedAt"/>: the newest message created at or before it (message times
    /// never go back within a conversation, so these are a seq prefix). Reads the index backwards from the newest
    /// message: as many entries as there are messages after the join point.
    /// </summary>
    public static Task<long> JoinPointSeqAsync(IChatDbContext db, Guid conversationId, DateTime joinedAt, CancellationToken cancellationToken) =>
        db.Set<Message>()
            .Where(m => m.ConversationId == conversationId && m.CreatedAt <= joinedAt)
            .OrderByDescending(m => m.Seq)
            .Select(m => m.Seq)
            .FirstOrDefaultAsync(cancellationToken);

    public static ForbiddenException NotAParticipant(Guid conversationId) =>
        new($"You are not a participant of conversation {conversationId}.", "not_a_participant");

    /// <summary>The user's row if any (tracked), the conversation's counters, and in a channel the room membership's join time.</summary>
    private sealed record ParticipantRow(ConversationParticipant? Participant, long LastSeq, DateTime LastActivityAt, bool IsChannel, DateTime? MemberJoinedAt);
}
