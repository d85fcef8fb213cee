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

    internal ConversationParticipant(Guid conversationId, Guid userId, ParticipantRole role, DateTime now, long readUpTo, DateTime lastActivityAt)
    {
        ConversationId = conversationId;
        UserId = userId;
        Role = role;
        JoinedAt = now;
        LastReadSeq = readUpTo;
        LastDeliveredSeq = readUpTo;
        LastActivityAt = lastActivityAt;
    }

    public Guid ConversationId { get; private set; }

    public Guid UserId { get; private set; }

    public ParticipantRole Role { get; private set; }

    public DateTime JoinedAt { get; private set; }

    /// <summary>The highest seq this participant has read.</summary>
    public long LastReadSeq { get; private set; }

    /// <summary>The highest seq that reached one of this participant's devices (never below <see cref="LastReadSeq"/>).</summary>
    public long LastDeliveredSeq { get; private set; }

    /// <summary>
    /// A copy of the conversation's last activity, so "my conversations, newest activity first" is one index range
    /// over (user, activity). Whoever appends a message refreshes it on every participant row.
    /// </summary>
    public DateTime LastActivityAt { get; private set; }

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
    internal void SentUpTo(long seq, DateTime now)
    {
        LastReadSeq = Math.Max(LastReadSeq, seq);
        LastDeliveredSeq = Math.Max(LastDeliveredSeq, seq);
        LastActivityAt = now;
    }

    internal void BecomeOwner() => Role = ParticipantRole.Owner;
}
