using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Conversations.GetUnread;

/// <summary>
/// No per-message read rows: for each of the caller's conversations whose last seq is past their read marker, a count
/// over the (conversation, seq) index range after the marker, leaving out their own and deleted messages.
/// </summary>
internal sealed class GetUnreadQueryHandler(IChatDbContext db, ICurrentUser currentUser) : IRequestHandler<GetUnreadQuery, UnreadDto>
{
    public async Task<UnreadDto> Handle(GetUnreadQuery request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var counts = (await (
                    from p in db.Set<ConversationParticipant>()
                    where p.UserId == me
                    join c in db.Set<Conversation>() on p.ConversationId equals c.Id
                    where c.LastSeq > p.LastReadSeq
                    join m in db.Set<Message>() on p.ConversationId equals m.ConversationId
                    where m.Seq > p.LastReadSeq && m.SenderId != me && m.DeletedAt == null
                    group m by p.ConversationId into g
                    select new { ConversationId = g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken))
            .Select(c => new UnreadConversationDto(c.ConversationId, c.Count))
            .OrderByDescending(c => c.UnreadCount).ThenBy(c => c.ConversationId)
            .ToList();
        return new UnreadDto(counts.Sum(c => c.UnreadCount), counts);
    }
}
