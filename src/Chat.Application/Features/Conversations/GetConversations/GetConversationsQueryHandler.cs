using Chat.Domain.Common;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Conversations.GetConversations;

/// <summary>
/// The caller's conversations — participant rows by (user, conversation) for direct and group conversations, their
/// rooms' channels for <c>kind=channel</c> — joined to the conversation rows, which every send already writes, and
/// ordered by their last activity and id (docs/decisions/0012-no-per-member-work-per-message.md): a top-N over the
/// caller's own conversations, with no per-participant copy of the activity to keep up on each send.
/// <see cref="ConversationReader"/> then completes the page in a fixed number of queries.
/// </summary>
internal sealed class GetConversationsQueryHandler(IChatDbContext db, ICurrentUser currentUser, ConversationReader reader)
    : IRequestHandler<GetConversationsQuery, CursorPage<ConversationDto>>
{
    public async Task<CursorPage<ConversationDto>> Handle(GetConversationsQuery request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var limit = PageLimits.Normalize(request.Limit);
        var conversations = db.Set<Conversation>().AsQueryable();
        conversations = request.Kind is { } kind
            ? conversations.Where(c => c.Kind == kind)
            : conversations.Where(c => c.Kind == ConversationKind.Direct || c.Kind == ConversationKind.Group);

        if (TimeIdCursor.Decode(request.Cursor) is var (activity, conversationId))
        {
            conversations = conversations.Where(c => c.LastActivityAt < activity || (c.LastActivityAt == activity && c.Id.CompareTo(conversationId) < 0));
        }

        var search = UnicodeText.FoldForSearch(request.Search?.Trim());
        if (!string.IsNullOrEmpty(search))
        {
            conversations = conversations.Where(c =>
                (c.NormalizedTitle != null && c.NormalizedTitle.Contains(search))
                || (c.RoomId == null
                    ? db.Set<ConversationParticipant>().Any(p => p.ConversationId == c.Id && p.UserId != me
                        && db.Set<User>().Any(u => u.Id == p.UserId && (u.NormalizedUsername.Contains(search) || u.NormalizedDisplayName.Contains(search))))
                    : db.Set<RoomMember>().Any(m => m.RoomId == c.RoomId && m.UserId != me
                        && db.Set<User>().Any(u => u.Id == m.UserId && (u.NormalizedUsername.Contains(search) || u.NormalizedDisplayName.Contains(search))))));
        }

        var mine = request.Kind == ConversationKind.Channel
            ? from m in db.Set<RoomMember>()
              where m.UserId == me
              join c in conversations on (Guid?)m.RoomId equals c.RoomId
              select c
            : from p in db.Set<ConversationParticipant>()
              where p.UserId == me
              join c in conversations on p.ConversationId equals c.Id
              where c.RoomId == null
              select c;
        var rows = await mine
            .OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id)
            .Select(c => new { ConversationId = c.Id, c.LastActivityAt })
            .Take(limit + 1)
            .ToListAsync(cancellationToken);

        var page = rows.Take(limit).ToList();
        var items = await reader.ReadAsync(page.Select(r => r.ConversationId).ToList(), me, cancellationToken);
        var next = rows.Count > limit ? TimeIdCursor.Encode(page[^1].LastActivityAt, page[^1].ConversationId) : null;
        return new CursorPage<ConversationDto>(items, next);
    }
}
