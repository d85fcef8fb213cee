using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.GetMessageEdits;

/// <summary>The previous contents of a message, oldest first; sealed ones (encryption at rest) are opened here.</summary>
internal sealed class GetMessageEditsQueryHandler(IChatDbContext db, IContentProtection protection) : IRequestHandler<GetMessageEditsQuery, IReadOnlyList<MessageEditDto>>
{
    public async Task<IReadOnlyList<MessageEditDto>> Handle(GetMessageEditsQuery request, CancellationToken cancellationToken)
    {
        var rows = (await db.Set<MessageEdit>()
            .Where(e => e.MessageId == request.MessageId)
            .Join(db.Set<Message>(), e => e.MessageId, m => m.Id, (e, m) => new { e.Id, e.Content, e.EditedAt, m.ConversationId, Sealed = EF.Property<byte[]?>(e, SealedColumns.Content) })
            .ToListAsync(cancellationToken))
            .OrderBy(e => e.EditedAt).ThenBy(e => e.Id);
        var edits = new List<MessageEditDto>();
        foreach (var row in rows)
        {
            if (row.Sealed is null)
            {
                edits.Add(new MessageEditDto(row.Content, row.EditedAt));
                continue;
            }

            var text = await protection.OpenAsync(ProtectedContent.EditContent, row.ConversationId, row.Id, row.Sealed, cancellationToken);
            edits.Add(new MessageEditDto(text ?? string.Empty, row.EditedAt) { Unreadable = text is null });
        }

        return edits;
    }
}
