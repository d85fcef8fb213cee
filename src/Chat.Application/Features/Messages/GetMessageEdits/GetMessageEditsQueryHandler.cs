using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.GetMessageEdits;

internal sealed class GetMessageEditsQueryHandler(IChatDbContext db) : IRequestHandler<GetMessageEditsQuery, IReadOnlyList<MessageEditDto>>
{
    public async Task<IReadOnlyList<MessageEditDto>> Handle(GetMessageEditsQuery request, CancellationToken cancellationToken) =>
        (await db.Set<MessageEdit>()
            .Where(e => e.MessageId == request.MessageId)
            .Select(e => new { e.Id, e.Content, e.EditedAt })
            .ToListAsync(cancellationToken))
        .OrderBy(e => e.EditedAt).ThenBy(e => e.Id)
        .Select(e => new MessageEditDto(e.Content, e.EditedAt))
        .ToList();
}
