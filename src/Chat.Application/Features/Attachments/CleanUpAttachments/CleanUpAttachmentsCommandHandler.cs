using Chat.Application.Common.Interfaces;
using Chat.Domain.Attachments;
using Chat.Domain.Messages;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Attachments.CleanUpAttachments;

/// <summary>
/// Every removal is a conditional delete inside its own transaction, re-checking the very condition that made the row a
/// candidate: an attachment is removed only while it is still unsent (or its message still deleted), a stored file only
/// while its reference count is still zero, and the bytes only after that row delete succeeded and before the commit.
/// Sending (which claims an attachment with the opposite condition) and uploading (which counts a reference on the same
/// row) therefore either happen wholly before or wholly after, and nothing referenced is ever removed.
/// </summary>
internal sealed class CleanUpAttachmentsCommandHandler(IChatDbContext db, IFileStore files, AttachmentOptions options, TimeProvider clock)
    : IRequestHandler<CleanUpAttachmentsCommand, CleanUpResult>
{
    public async Task<CleanUpResult> Handle(CleanUpAttachmentsCommand request, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - options.UnsentLifetime;
        var removed = 0;
        // Oldest first, so a backlog larger than a batch drains in a stable order (and EF does not warn of an unordered LIMIT).
        var candidates = await Candidates(cutoff).OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).Select(a => a.Id).Take(request.BatchSize).ToListAsync(cancellationToken);
        foreach (var id in candidates)
        {
            removed += await db.InTransactionAsync(ct => RemoveAttachmentAsync(id, cutoff, ct), cancellationToken);
        }

        var unreferenced = await db.Set<StoredFile>().Where(f => f.ReferenceCount <= 0)
            .OrderBy(f => f.ReferenceCount).ThenBy(f => f.Sha256).Select(f => f.Sha256).Take(request.BatchSize).ToListAsync(cancellationToken);
        var filesRemoved = 0;
        foreach (var sha256 in unreferenced)
        {
            filesRemoved += await db.InTransactionAsync(ct => RemoveFileAsync(sha256, ct), cancellationToken);
        }

        return new CleanUpResult(removed, filesRemoved);
    }

    private IQueryable<Attachment> Candidates(DateTime cutoff) =>
        db.Set<Attachment>().Where(a =>
            (a.MessageId == null && a.CreatedAt < cutoff)
            || db.Set<Message>().Any(m => m.Id == a.MessageId && m.DeletedAt != null));

    private async Task<int> RemoveAttachmentAsync(Guid id, DateTime cutoff, CancellationToken ct)
    {
        var sha256 = await db.Set<Attachment>().Where(a => a.Id == id).Select(a => a.Sha256).SingleOrDefaultAsync(ct);
        if (sha256 is null || await Candidates(cutoff).Where(a => a.Id == id).ExecuteDeleteAsync(ct) == 0)
        {
            return 0;
        }

        await db.Set<StoredFile>()
            .Where(f => f.Sha256 == sha256)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.ReferenceCount, f => f.ReferenceCount - 1), ct);
        return 1;
    }

    private async Task<int> RemoveFileAsync(string sha256, CancellationToken ct)
    {
        if (await db.Set<StoredFile>().Where(f => f.Sha256 == sha256 && f.ReferenceCount <= 0).ExecuteDeleteAsync(ct) == 0)
        {
            return 0;
        }

        files.Delete(sha256);
        return 1;
    }
}
