using Chat.Domain.Common;
using Chat.Domain.Conversations.Events;

namespace Chat.Domain.Conversations;

/// <summary>
/// A user's place in a conversation: role, and the markers of how far they have read and received.
/// Markers only move forward; unread counts come from them and the conversation's seq index, not from per-message rows.
/// </summary>
public sealed class ConversationParticipant : Entity
{
    private ConversationParticipant()
    {
    }

    internal ConversationParticipant(Guid conversationId, Guid userId, ParticipantRole role, DateTime now, long readUpTo)
    {
        ConversationId = conversationId;
        UserId = userId;
        Role = role;
        JoinedAt = now;
        LastReadSeq = readUpTo;
        LastDeliveredSeq = readUpTo;
    }

    public Guid ConversationId { get; private set; }

    public Guid UserId { get; private set; }

    public ParticipantRole Role { get; private set; }

    /// <summary>
    /// When the participant joined. A channel's row is made lazily and carries the room membership's join time
    /// (<c>RoomMember.JoinedAt</c>): a row older than the current membership is left over from an earlier one.
    /// </summary>
    public DateTime JoinedAt { get; private set; }

    /// <summary>The highest seq this participant has read.</summary>
    public long LastReadSeq { get; private set; }

    /// <summary>The highest seq that reached one of this participant's devices (never below <see cref="LastReadSeq"/>).</summary>
    public long LastDeliveredSeq { get; private set; }

    /// <summary>Moves the read marker forward to <paramref name="seq"/> (at most <paramref name="lastSeq"/>); false when it was already there.</summary>
    public bool MarkRead(long seq, long lastSeq)
    {
        var target = Math.Min(seq, lastSeq);
        if (target <= LastReadSeq)
        {
            return false;
        }

        LastReadSeq = target;
        LastDeliveredSeq = Math.Max(LastDeliveredSeq, target);
        Raise(new MessagesRead(ConversationId, UserId, target));
        return true;
    }

    /// <summary>Moves the delivery marker forward to <paramref name="seq"/> (at most <paramref name="lastSeq"/>); false when it was already there.</summary>
    public bool MarkDelivered(long seq, long lastSeq)
    {
        var target = Math.Min(seq, lastSeq);
        if (target <= LastDeliveredSeq)
        {
            return false;
        }

        LastDeliveredSeq = target;
        Raise(new MessagesDelivered(ConversationId, UserId, target));
        return true;
    }

    /// <summary>A sender has read what they sent: no event, the new message says it all.</summary>
    internal void SentUpTo(long seq)
    {
        LastReadSeq = Math.Max(LastReadSeq, seq);
        LastDeliveredSeq = Math.Max(LastDeliveredSeq, seq);
    }

    /// <summary>
    /// Whether this channel row belongs to the room membership that began at <paramref name="membershipJoinedAt"/>: a row
    /// made before it is left over from an earlier membership and must be renewed (<see cref="Rejoin"/>) before use.
    /// </summary>
    public bool BelongsToMembership(DateTime membershipJoinedAt) => JoinedAt >= membershipJoinedAt;

    /// <summary>
    /// A channel row left over from an earlier room membership now stands for the membership that began at
    /// <paramref name="joinedAt"/>: nothing up to <paramref name="readUpTo"/> is unread (markers only move forward; no event).
    /// </summary>
    public void Rejoin(DateTime joinedAt, long readUpTo)
    {
        JoinedAt = joinedAt;
        LastReadSeq = Math.Max(LastReadSeq, readUpTo);
        LastDeliveredSeq = Math.Max(LastDeliveredSeq, readUpTo);
    }

    internal void BecomeOwner() => Role = ParticipantRole.Owner;
}
