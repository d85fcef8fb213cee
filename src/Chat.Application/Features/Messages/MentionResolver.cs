using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using Chat.Domain.Friends;
using Chat.Domain.Messages;
using Chat.Domain.Rooms;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages;

/// <summary>
/// Resolves the <c>@username</c>s of a content to the users who can read the conversation (others stay plain text),
/// except users who blocked the author: a blocker gets no mention from the blocked user.
/// </summary>
internal sealed class MentionResolver(IChatDbContext db)
{
    public async Task<IReadOnlyList<Guid>> ResolveAsync(Guid conversationId, Guid authorId, string? content, CancellationToken cancellationToken)
    {
        var usernames = Mentions.CandidateUsernames(content).ToList();
        if (usernames.Count == 0)
        {
            return [];
        }

        return await (
                from u in db.Set<User>()
                where usernames.Contains(u.NormalizedUsername)
                where db.Set<Conversation>().Any(c => c.Id == conversationId && (c.RoomId == null
                    ? db.Set<ConversationParticipant>().Any(p => p.ConversationId == c.Id && p.UserId == u.Id)
                    : db.Set<RoomMember>().Any(m => m.RoomId == c.RoomId && m.UserId == u.Id)))
                where !db.Set<Block>().Any(b => b.BlockerId == u.Id && b.BlockedId == authorId)
                orderby u.NormalizedUsername
                select u.Id)
            .Take(MessageLimits.MaxMentions)
            .ToListAsync(cancellationToken);
    }
}
