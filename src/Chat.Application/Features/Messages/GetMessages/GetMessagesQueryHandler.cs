using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Application.Features.Conversations;
using Chat.Domain.Messages;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.GetMessages;

/// <summary>Every read is a range of the (conversation, seq) index, whatever the size of the conversation.</summary>
internal sealed class GetMessagesQueryHandler(IChatDbContext db, ICurrentUser currentUser, MessageReader reader, ParticipantMarkers markers)
    : IRequestHandler<GetMessagesQuery, MessageHistoryDto>
{
    public async Task<MessageHistoryDto> Handle(GetMessagesQuery request, CancellationToken cancellationToken)
    {
        var viewerId = currentUser.UserId;
        var limit = PageLimits.Normalize(request.Limit);
        var messages = db.Set<Message>().Where(m => m.ConversationId == request.ConversationId);
        if (!request.IncludeDeleted)
        {
            messages = messages.Where(m => m.DeletedAt == null);
        }

        MessageHistoryDto page;
        if (request.Around is { } around)
        {
            var olderLimit = limit / 2;
            var newerLimit = limit - olderLimit;
            var older = await ReadAsync(messages.Where(m => m.Seq < around).OrderByDescending(m => m.Seq).Take(olderLimit + 1));
            var newer = await ReadAsync(messages.Where(m => m.Seq >= around).OrderBy(m => m.Seq).Take(newerLimit + 1));
            page = new MessageHistoryDto(
                older.OrderBy(m => m.Seq).TakeLast(olderLimit).Concat(newer.OrderBy(m => m.Seq).Take(newerLimit)).ToList(),
                HasMoreBefore: older.Count > olderLimit,
                HasMoreAfter: newer.Count > newerLimit);
        }
        else if (request.After is { } after)
        {
            var newer = await ReadAsync(messages.Where(m => m.Seq > after).OrderBy(m => m.Seq).Take(limit + 1));
            page = new MessageHistoryDto(
                newer.OrderBy(m => m.Seq).Take(limit).ToList(),
                HasMoreBefore: await AnyAsync(messages.Where(m => m.Seq <= after).OrderByDescending(m => m.Seq)),
                HasMoreAfter: newer.Count > limit);
        }
        else
        {
            var before = request.Before;
            var older = await ReadAsync((before is null ? messages : messages.Where(m => m.Seq < before)).OrderByDescending(m => m.Seq).Take(limit + 1));
            page = new MessageHistoryDto(
                older.OrderByDescending(m => m.Seq).Take(limit).OrderBy(m => m.Seq).ToList(),
                HasMoreBefore: older.Count > limit,
                HasMoreAfter: before is not null && await AnyAsync(messages.Where(m => m.Seq >= before).OrderBy(m => m.Seq)));
        }

        if (page.Items.Count > 0)
        {
            await markers.MarkDeliveredAsync(request.ConversationId, viewerId, page.Items[^1].Seq, cancellationToken);
        }

        return page;

        Task<List<MessageDto>> ReadAsync(IQueryable<Message> query) => reader.ReadAsync(query, viewerId, cancellationToken);

        // The nearest seq in index order rather than EXISTS: PostgreSQL then walks the (conversation, seq) index from the cursor.
        async Task<bool> AnyAsync(IQueryable<Message> ordered) =>
            await ordered.Select(m => (long?)m.Seq).FirstOrDefaultAsync(cancellationToken) is not null;
    }
}
