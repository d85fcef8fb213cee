using Chat.Application.Common.Persistence;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Application.Features.Conversations;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.GetChanges;

/// <summary>
/// A range of the (conversation, version) index. A reply and its thread root share the version of that change, so a
/// page never ends between two messages of one version: the next page starts after the last version it returned.
/// </summary>
internal sealed class GetChangesQueryHandler(IChatDbContext db, ICurrentUser currentUser, MessageReader reader, ParticipantMarkers markers)
    : IRequestHandler<GetChangesQuery, ChangesDto>
{
    public async Task<ChangesDto> Handle(GetChangesQuery request, CancellationToken cancellationToken)
    {
        var viewerId = currentUser.UserId;
        var limit = PageLimits.Normalize(request.Limit);
        var current = await db.Set<Conversation>().Where(c => c.Id == request.ConversationId).Select(c => (long?)c.Version).FirstOrDefaultAsync(cancellationToken)
            ?? throw FoundQueries.Gone($"conversation {request.ConversationId}");

        // At most two messages share a version (a reply and its root), so two more rows tell whether the page is complete.
        var rows = (await reader.ReadAsync(
                db.Set<Message>()
                    .Where(m => m.ConversationId == request.ConversationId && m.Version > request.Since)
                    .OrderBy(m => m.Version).ThenBy(m => m.Seq)
                    .Take(limit + 2),
                viewerId,
                cancellationToken))
            .OrderBy(m => m.Version).ThenBy(m => m.Seq)
            .ToList();

        var taken = rows.Take(limit).ToList();
        while (taken.Count < rows.Count && rows[taken.Count].Version == taken[^1].Version)
        {
            taken.Add(rows[taken.Count]);
        }

        var hasMore = rows.Count > taken.Count;
        var version = hasMore ? taken[^1].Version : Math.Max(current, taken.Count > 0 ? taken[^1].Version : 0);
        if (taken.Count > 0)
        {
            await markers.MarkDeliveredAsync(request.ConversationId, viewerId, taken.Max(m => m.Seq), cancellationToken);
        }

        return new ChangesDto(taken, version, hasMore);
    }
}
