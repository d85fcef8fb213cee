using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Conversations.GetUnread;

/// <summary>
/// No per-message read rows: for each of the caller's conversations whose last seq is past their read marker, a count
/// over the (conversation, seq) index range after the marker, leaving out their own and deleted messages. Direct and
/// group conversations: the participant row's marker; channels of the caller's rooms: <see cref="ChannelReadState"/>.
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
                    where c.RoomId == null && c.LastSeq > p.LastReadSeq
                    join m in db.Set<Message>() on p.ConversationId equals m.ConversationId
                    where m.Seq > p.LastReadSeq && m.SenderId != me && m.DeletedAt == null
                    group m by p.ConversationId into g
                    select new { ConversationId = g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken))
            .Select(c => new UnreadConversationDto(c.ConversationId, c.Count))
            .Concat((await ChannelReadState.UnreadOf(db, me, db.Set<Conversation>().Where(c => c.RoomId != null))
                    .Where(c => c.UnreadCount > 0)
                    .ToListAsync(cancellationToken))
                .Select(c => new UnreadConversationDto(c.ConversationId, c.UnreadCount)))
            .OrderByDescending(c => c.UnreadCount).ThenBy(c => c.ConversationId)
            .ToList();
        return new UnreadDto(counts.Sum(c => c.UnreadCount), counts);
    }
}
