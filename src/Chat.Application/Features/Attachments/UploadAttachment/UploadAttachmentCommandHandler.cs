using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using Chat.Application.Features.Messages;
using Chat.Domain.Attachments;
using Chat.Domain.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Attachments.UploadAttachment;

/// <summary>
/// Stages the bytes (counted while streaming: 413 at the limit), judges the type of a file within the limit (415 when
/// not allowed), strips JPEG metadata, checks the quota, then in one transaction counts one more reference on the
/// content's stored file (creating it at the first) and adds the attachment row; the bytes are put in place before the
/// commit, so a committed row always has its bytes. With encryption at rest on, the bytes and the name are sealed before
/// they are stored (docs/encryption.md "Attachments"): the stored file is addressed by the hash of its sealed bytes, so
/// identical uploads are not de-duplicated then.
/// </summary>
internal sealed class UploadAttachmentCommandHandler(
    IChatDbContext db, ICurrentUser currentUser, IFileStore files, AttachmentOptions options, IAttachmentProtection protection, TimeProvider clock)
    : IRequestHandler<UploadAttachmentCommand, AttachmentDto>
{
    public async Task<AttachmentDto> Handle(UploadAttachmentCommand request, CancellationToken cancellationToken)
    {
        var staged = await files.StageAsync((output, ct) => request.Content.CopyToAsync(output, ct), options.MaxBytes, cancellationToken);
        try
        {
            if (staged.Size == 0)
            {
                throw new RequestValidationException(new Dictionary<string, string[]> { ["file"] = ["The file is empty."] });
            }

            JudgedType? type;
            using (var content = files.OpenStaged(staged))
            {
                type = FileTypes.Judge(content);
            }

            if (type is null)
            {
                throw new UnsupportedMediaTypeException("Files of this type cannot be shared (allowed: images, PDF, audio, video, Office documents, plain text).");
            }

            if (type.ContentType == FileTypes.Jpeg)
            {
                var stripped = await StripJpegMetadataAsync(staged, cancellationToken);
                files.Discard(staged);
                staged = stripped;
            }

            await EnsureWithinQuotaAsync(staged.Size, cancellationToken);
            var size = staged.Size;
            var attachmentId = Ids.New();
            var fileName = FileNames.Sanitize(request.FileName);
            SealedUpload? sealedUpload = null;
            if (protection.Enabled)
            {
                // The plaintext staging file goes at once; from here on only sealed bytes are kept.
                sealedUpload = await protection.SealAsync(files, staged, attachmentId, fileName, cancellationToken);
                files.Discard(staged);
                staged = sealedUpload.Staged;
            }

            var attachment = await db.InTransactionWithRetryAsync(ct => StoreAsync(staged, size, attachmentId, type, fileName, sealedUpload, ct), cancellationToken);
            attachment.ShowFileName(fileName);
            return AttachmentReader.ToDto(attachment);
        }
        finally
        {
            files.Discard(staged);
        }
    }

    private async Task<StagedFile> StripJpegMetadataAsync(StagedFile staged, CancellationToken cancellationToken)
    {
        using var input = files.OpenStaged(staged);
        var wellFormed = false;
        var stripped = await files.StageAsync(
            async (output, ct) => wellFormed = await JpegMetadataFilter.CopyWithoutMetadataAsync(input, output, ct), options.MaxBytes, cancellationToken);
        if (!wellFormed)
        {
            files.Discard(stripped);
            throw new UnsupportedMediaTypeException("The JPEG file is malformed.");
        }

        return stripped;
    }

    private async Task EnsureWithinQuotaAsync(long size, CancellationToken cancellationToken)
    {
        var userId = currentUser.UserId;
        var used = await db.Set<Attachment>().Where(a => a.UploaderId == userId).SumAsync(a => (long?)a.Size, cancellationToken) ?? 0;
        if (used + size > options.QuotaBytes)
        {
            throw new PayloadTooLargeException(
                $"This upload would pass your storage quota of {options.QuotaBytes} bytes ({used} in use).", "storage_quota_exceeded");
        }
    }

    private async Task<Attachment> StoreAsync(StagedFile staged, long size, Guid attachmentId, JudgedType type, string fileName, SealedUpload? sealedUpload, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var counted = await db.Set<StoredFile>()
            .Where(f => f.Sha256 == staged.Sha256)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.ReferenceCount, f => f.ReferenceCount + 1), ct);
        if (counted == 0)
        {
            db.Set<StoredFile>().Add(new StoredFile(staged.Sha256, staged.Size, now));
        }

        Attachment attachment;
        using (Ids.Planned<Attachment>(attachmentId))
        {
            attachment = Attachment.Upload(currentUser.UserId, staged.Sha256, fileName, type.ContentType, size, type.Width, type.Height, now);
        }

        var entry = db.Set<Attachment>().Add(attachment);
        if (sealedUpload is not null)
        {
            entry.Property<byte[]?>(SealedAttachmentColumns.FileKey).CurrentValue = sealedUpload.WrappedFileKey;
            entry.Property<byte[]?>(SealedAttachmentColumns.FileName).CurrentValue = sealedUpload.SealedFileName;
            entry.Property(a => a.FileName).CurrentValue = string.Empty;
        }

        await db.SaveChangesAsync(ct);
        if (sealedUpload is not null)
        {
            // The answer shows the name, the row keeps it sealed: untracked, so the name shown is never saved.
            entry.State = EntityState.Detached;
        }

        // Inside the transaction: the clean-up job's removal of an unreferenced file holds the same row (or SQLite's write
        // lock), so it cannot delete these bytes between their arrival and the commit.
        await files.CommitAsync(staged, ct);
        return attachment;
    }
}
