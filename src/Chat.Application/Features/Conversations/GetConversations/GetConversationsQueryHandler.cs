using Chat.Domain.Common;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Domain.Conversations;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Conversations.GetConversations;

/// <summary>
/// One range of the participants' (user, last activity) index picks the page; <see cref="ConversationReader"/> then
/// completes it in a fixed number of queries, so the cost does not grow with the number of conversations.
/// </summary>
internal sealed class GetConversationsQueryHandler(IChatDbContext db, ICurrentUser currentUser, ConversationReader reader)
    : IRequestHandler<GetConversationsQuery, CursorPage<ConversationDto>>
{
    public async Task<CursorPage<ConversationDto>> Handle(GetConversationsQuery request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var limit = PageLimits.Normalize(request.Limit);
        var mine = db.Set<ConversationParticipant>().Where(p => p.UserId == me);

        if (TimeIdCursor.Decode(request.Cursor) is var (activity, conversationId))
        {
            mine = mine.Where(p => p.LastActivityAt < activity || (p.LastActivityAt == activity && p.ConversationId.CompareTo(conversationId) < 0));
        }

        var conversations = db.Set<Conversation>().AsQueryable();
        conversations = request.Kind is { } kind
            ? conversations.Where(c => c.Kind == kind)
            : conversations.Where(c => c.Kind == ConversationKind.Direct || c.Kind == ConversationKind.Group);

        var search = UnicodeText.FoldForSearch(request.Search?.Trim());
        if (!string.IsNullOrEmpty(search))
        {
            conversations = conversations.Where(c =>
                (c.NormalizedTitle != null && c.NormalizedTitle.Contains(search))
                || db.Set<ConversationParticipant>().Any(p => p.ConversationId == c.Id && p.UserId != me
                    && db.Set<User>().Any(u => u.Id == p.UserId && (u.NormalizedUsername.Contains(search) || u.NormalizedDisplayName.Contains(search)))));
        }

        var rows = await (
                from p in mine
                join c in conversations on p.ConversationId equals c.Id
                orderby p.LastActivityAt descending, p.ConversationId descending
                select new { p.ConversationId, p.LastActivityAt })
            .Take(limit + 1)
            .ToListAsync(cancellationToken);

        var page = rows.Take(limit).ToList();
        var items = await reader.ReadAsync(page.Select(r => r.ConversationId).ToList(), me, cancellationToken);
        var next = rows.Count > limit ? TimeIdCursor.Encode(page[^1].LastActivityAt, page[^1].ConversationId) : null;
        return new CursorPage<ConversationDto>(items, next);
    }
}
