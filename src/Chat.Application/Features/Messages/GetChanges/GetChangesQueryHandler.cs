using Chat.Application.Common.Persistence;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Application.Features.Conversations;
using MediatR;

namespace Chat.Application.Features.Messages.GetChanges;

/// <summary>
/// A range of the (conversation, version) index. A reply and its thread root share the version of that change, so a
/// page never ends between two messages of one version: the next page starts after the last version it returned.
/// </summary>
internal sealed class GetChangesQueryHandler(ICurrentUser currentUser, MessageReader reader, ParticipantMarkers markers)
    : IRequestHandler<GetChangesQuery, ChangesDto>
{
    public async Task<ChangesDto> Handle(GetChangesQuery request, CancellationToken cancellationToken)
    {
        var viewerId = currentUser.UserId;
        var limit = PageLimits.Normalize(request.Limit);
        var current = await reader.ConversationVersionAsync(request.ConversationId, cancellationToken)
            ?? throw FoundQueries.Gone($"conversation {request.ConversationId}");

        // At most two messages share a version (a reply and its root), so two more rows tell whether the page is complete.
        var rows = await reader.RowsChangedSinceAsync(request.ConversationId, request.Since, limit + 2, cancellationToken);
        var taken = rows.Take(limit).ToList();
        while (taken.Count < rows.Count && rows[taken.Count].Version == taken[^1].Version)
        {
            taken.Add(rows[taken.Count]);
        }

        var hasMore = rows.Count > taken.Count;
        var version = hasMore ? taken[^1].Version : Math.Max(current, taken.Count > 0 ? taken[^1].Version : 0);
        var items = await reader.CompleteAsync(taken, viewerId, cancellationToken);
        if (items.Count > 0)
        {
            await markers.MarkDeliveredAsync(request.ConversationId, viewerId, items.Max(m => m.Seq), cancellationToken);
        }

        return new ChangesDto(items, version, hasMore);
    }
}
