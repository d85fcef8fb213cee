using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Attachments;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Attachments;

/// <summary>
/// The attachment side of encryption at rest for the use cases (docs/encryption.md "Attachments"): opening sealed file
/// names for answers and the search index, re-wrapping file keys when a message claims uploads, opening sealed bytes.
/// Rows stored in plaintext (encryption off, or written before it was switched on) pass through unchanged. With
/// encryption off no sealed row exists (the start-up check refuses a database holding any), so nothing is looked up.
/// </summary>
public sealed class SealedAttachments(IChatDbContext db, IAttachmentProtection protection)
{
    /// <summary>What the display shows for a name that cannot be opened (the sanitiser's own fallback).</summary>
    public const string UnreadableName = "file";

    /// <summary>
    /// Puts the opened file names on <paramref name="attachments"/> (untracked entities) and answers the wrapped file
    /// keys of the sealed ones, by attachment id (an attachment stored in plaintext has none).
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, byte[]>> RevealAsync(IReadOnlyCollection<Attachment> attachments, CancellationToken cancellationToken)
    {
        if (attachments.Count == 0 || !protection.Enabled)
        {
            return new Dictionary<Guid, byte[]>();
        }

        var ids = attachments.Select(a => a.Id).ToList();
        var sealedRows = await db.Set<Attachment>().AsNoTracking()
            .Where(a => ids.Contains(a.Id) && EF.Property<byte[]?>(a, SealedAttachmentColumns.FileKey) != null)
            .Select(a => new { a.Id, Key = EF.Property<byte[]>(a, SealedAttachmentColumns.FileKey), Name = EF.Property<byte[]?>(a, SealedAttachmentColumns.FileName) })
            .ToDictionaryAsync(a => a.Id, cancellationToken);
        foreach (var attachment in attachments)
        {
            if (sealedRows.TryGetValue(attachment.Id, out var row))
            {
                attachment.ShowFileName(await NameAsync(attachment.Id, attachment.FileName, row.Key, row.Name, cancellationToken));
            }
        }

        return sealedRows.ToDictionary(r => r.Key, r => r.Value.Key);
    }

    /// <summary>The display name of one attachment row: its plaintext name, or the opened sealed one.</summary>
    public async Task<string> NameAsync(Guid attachmentId, string fileName, byte[]? wrappedFileKey, byte[]? sealedFileName, CancellationToken cancellationToken) =>
        wrappedFileKey is null || sealedFileName is null
            ? fileName
            : await protection.OpenFileNameAsync(attachmentId, wrappedFileKey, sealedFileName, cancellationToken) ?? UnreadableName;

    /// <summary>The file names of a message's attachments in upload order (for its search row).</summary>
    public async Task<List<string>> FileNamesOfAsync(Guid messageId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<Attachment>().AsNoTracking().Where(a => a.MessageId == messageId).OrderBy(a => a.CreatedAt)
            .Select(a => new { a.Id, a.FileName, Key = EF.Property<byte[]?>(a, SealedAttachmentColumns.FileKey), Name = EF.Property<byte[]?>(a, SealedAttachmentColumns.FileName) })
            .ToListAsync(cancellationToken);
        var names = new List<string>(rows.Count);
        foreach (var row in rows)
        {
            names.Add(await NameAsync(row.Id, row.FileName, row.Key, row.Name, cancellationToken));
        }

        return names;
    }

    /// <summary>
    /// Inside the send's transaction, right after the claim: re-wraps the file keys of the claimed sealed uploads under
    /// the conversation's data key, each row updated only if its key is still the one read. An upload whose key cannot
    /// be opened keeps it (its download answers 410 <c>attachment_unreadable</c>).
    /// </summary>
    public async Task ClaimAsync(IReadOnlyCollection<Guid> attachmentIds, Guid conversationId, CancellationToken cancellationToken)
    {
        if (!protection.Enabled || attachmentIds.Count == 0)
        {
            return;
        }

        var keys = await db.Set<Attachment>().AsNoTracking()
            .Where(a => attachmentIds.Contains(a.Id) && EF.Property<byte[]?>(a, SealedAttachmentColumns.FileKey) != null)
            .Select(a => new { a.Id, Key = EF.Property<byte[]>(a, SealedAttachmentColumns.FileKey) })
            .ToListAsync(cancellationToken);
        foreach (var row in keys)
        {
            if (await protection.RewrapForConversationAsync(row.Id, row.Key, conversationId, cancellationToken) is { } rewrapped)
            {
                await db.Set<Attachment>().Where(a => a.Id == row.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => EF.Property<byte[]?>(a, SealedAttachmentColumns.FileKey), rewrapped), cancellationToken);
            }
        }
    }

    /// <summary>
    /// The plaintext of a stored attachment (seekable; the caller disposes it). 404 when its bytes are missing or its
    /// key was erased (its conversation deleted); 410 <c>attachment_unreadable</c> when its sealed bytes or key fail
    /// their integrity check. <paramref name="sent"/>: whether a message carries it now (an unsent attachment whose key
    /// follows a conversation was left behind by the conversation's deletion: erased).
    /// </summary>
    public async Task<Stream> OpenReadAsync(IFileStore files, Guid attachmentId, string address, byte[]? wrappedFileKey, bool sent, CancellationToken cancellationToken)
    {
        var stored = files.OpenRead(address) ?? throw new NotFoundException("No such attachment.");
        if (wrappedFileKey is null)
        {
            return stored;
        }

        var (content, erased) = await protection.OpenContentAsync(attachmentId, wrappedFileKey, sent, stored, cancellationToken);
        return content
            ?? (erased
                ? throw new NotFoundException("No such attachment.")
                : throw new GoneException("The stored file failed its integrity check: it cannot be served.", "attachment_unreadable"));
    }
}
