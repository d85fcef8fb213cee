using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Application.Features.Conversations;
using MediatR;

namespace Chat.Application.Features.Messages.GetMessages;

/// <summary>
/// Every read is a range of the (conversation, seq) index, whatever the size of the conversation: the page's rows with
/// their senders (one compiled query, two for <c>around</c>), whether more lies past a cursor (one nearest-seq lookup),
/// then the kept rows' reactions, mentions, attachments and status (<see cref="MessageReader.CompleteAsync"/>).
/// </summary>
internal sealed class GetMessagesQueryHandler(ICurrentUser currentUser, MessageReader reader, ParticipantMarkers markers)
    : IRequestHandler<GetMessagesQuery, MessageHistoryDto>
{
    public async Task<MessageHistoryDto> Handle(GetMessagesQuery request, CancellationToken cancellationToken)
    {
        var viewerId = currentUser.UserId;
        var limit = PageLimits.Normalize(request.Limit);
        var conversationId = request.ConversationId;
        var includeDeleted = request.IncludeDeleted;

        List<MessageRow> rows;
        bool hasMoreBefore, hasMoreAfter;
        if (request.Around is { } around)
        {
            var olderLimit = limit / 2;
            var newerLimit = limit - olderLimit;
            var older = await reader.RowsBelowAsync(conversationId, around, includeDeleted, olderLimit + 1, cancellationToken);
            var newer = await reader.RowsAboveAsync(conversationId, around - 1, includeDeleted, newerLimit + 1, cancellationToken);
            rows = [.. older.Take(olderLimit).Reverse(), .. newer.Take(newerLimit)];
            hasMoreBefore = older.Count > olderLimit;
            hasMoreAfter = newer.Count > newerLimit;
        }
        else if (request.After is { } after)
        {
            var newer = await reader.RowsAboveAsync(conversationId, after, includeDeleted, limit + 1, cancellationToken);
            rows = [.. newer.Take(limit)];
            hasMoreBefore = await reader.AnyAtOrBelowAsync(conversationId, after, includeDeleted, cancellationToken);
            hasMoreAfter = newer.Count > limit;
        }
        else
        {
            var before = request.Before;
            var older = await reader.RowsBelowAsync(conversationId, before ?? long.MaxValue, includeDeleted, limit + 1, cancellationToken);
            rows = [.. older.Take(limit).Reverse()];
            hasMoreBefore = older.Count > limit;
            hasMoreAfter = before is not null && await reader.AnyAtOrAboveAsync(conversationId, before.Value, includeDeleted, cancellationToken);
        }

        var page = new MessageHistoryDto(await reader.CompleteAsync(rows, viewerId, cancellationToken), hasMoreBefore, hasMoreAfter);
        if (page.Items.Count > 0)
        {
            await markers.MarkDeliveredAsync(conversationId, viewerId, page.Items[^1].Seq, cancellationToken);
        }

        return page;
    }
}
