using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Chat.Domain.Rooms;

namespace Chat.Application.Features.Conversations;

/// <summary>
/// A room member's read state in channels, with or without a read row (docs/decisions/0012-no-per-member-work-per-message.md):
/// the row's marker when they have one for their current membership, otherwise their join point — the channel's
/// last seq when nothing happened in it since they joined, else the newest message created at or before their join
/// time. Unread counts are then the same count over the (conversation, seq) index as for any conversation.
/// </summary>
internal static class ChannelReadState
{
    /// <summary>For each of <paramref name="channels"/> in a room <paramref name="userId"/> is a member of: their read marker and unread count (others' undeleted messages after it).</summary>
    public static IQueryable<ChannelUnread> UnreadOf(IChatDbContext db, Guid userId, IQueryable<Conversation> channels) =>
        from c in channels
        join m in db.Set<RoomMember>() on c.RoomId equals (Guid?)m.RoomId
        where m.UserId == userId
        let read = db.Set<ConversationParticipant>()
                .Where(p => p.ConversationId == c.Id && p.UserId == userId && p.JoinedAt >= m.JoinedAt)
                .Select(p => (long?)p.LastReadSeq)
                .FirstOrDefault()
            ?? (c.LastActivityAt <= m.JoinedAt
                ? c.LastSeq
                : db.Set<Message>()
                    .Where(x => x.ConversationId == c.Id && x.CreatedAt <= m.JoinedAt)
                    .OrderByDescending(x => x.Seq)
                    .Select(x => (long?)x.Seq)
                    .FirstOrDefault() ?? 0)
        select new ChannelUnread
        {
            ConversationId = c.Id,
            LastReadSeq = read,
            UnreadCount = c.LastSeq > read
                ? db.Set<Message>().Count(x => x.ConversationId == c.Id && x.Seq > read && x.SenderId != userId && x.DeletedAt == null)
                : 0,
        };
}
