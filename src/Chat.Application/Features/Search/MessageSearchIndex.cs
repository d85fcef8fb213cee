using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Search;
using Chat.Application.Features.Attachments;
using Chat.Domain.Messages;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Search;

/// <summary>
/// Keeps a message's full-text row in step with it, inside the unit of work that changes the message (so the index
/// commits with it): a sent message gets its row (folded content and attachment file names), an edit rewrites the
/// terms, a delete removes the row. The database's full-text structure (FTS5 table, GIN index) follows the row.
/// </summary>
internal sealed class MessageSearchIndex(IChatDbContext db, SealedAttachments sealedAttachments)
{
    /// <summary>Adds the row of a new message (none when it has no words at all).</summary>
    public void Add(Message message, IEnumerable<string> attachmentFileNames)
    {
        var terms = TextFolding.Terms([message.Content], attachmentFileNames);
        if (terms.Length > 0)
        {
            db.Set<MessageSearchEntry>().Add(new MessageSearchEntry(message.Id, message.ConversationId, terms));
        }
    }

    /// <summary>After an edit or a delete: rewrites or removes the message's row.</summary>
    public async Task RefreshAsync(Message message, CancellationToken cancellationToken)
    {
        var entry = await db.Set<MessageSearchEntry>().SingleOrDefaultAsync(e => e.MessageId == message.Id, cancellationToken);
        var terms = message.IsDeleted
            ? string.Empty
            : TextFolding.Terms(
                [message.Content],
                await sealedAttachments.FileNamesOfAsync(message.Id, cancellationToken));
        if (entry is null)
        {
            if (terms.Length > 0)
            {
                db.Set<MessageSearchEntry>().Add(new MessageSearchEntry(message.Id, message.ConversationId, terms));
            }
        }
        else if (terms.Length == 0)
        {
            db.Set<MessageSearchEntry>().Remove(entry);
        }
        else if (entry.Terms != terms)
        {
            entry.Replace(terms);
        }
    }
}
