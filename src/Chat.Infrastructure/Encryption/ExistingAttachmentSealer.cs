using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Search;
using Chat.Domain.Attachments;
using Chat.Domain.Messages;
using Chat.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Chat.Infrastructure.Encryption;

/// <summary>
/// Switching encryption on over an existing database, for attachments (after <see cref="ExistingRowSealer"/> has sealed
/// the messages): each attachment stored in plaintext gets a file key, its bytes are sealed into a new stored file (the
/// hash of the sealed bytes its address), its name sealed, its key wrapped under its conversation's data key (or the
/// master key while unsent); the plaintext file loses the reference and goes when nothing else refers to it. The search
/// row of a message of attachments only (its file names, in plaintext until then) is rewritten as blind-index tokens.
/// One attachment per transaction, oldest first; resumable (a pass takes the rows still unsealed); a row that changed
/// meanwhile (sent, deleted) is left for a later pass.
/// </summary>
public sealed class ExistingAttachmentSealer(
    AttachmentProtection attachments, IContentProtection protection, IFileStore files, Func<ChatDbContext> contexts, TimeProvider clock, ILogger<ExistingAttachmentSealer> logger)
{
    private long _sealed;
    private (DateTime At, Guid Id)? _after;

    /// <summary>Attachments sealed by this process, and how many are left (null until a pass has counted).</summary>
    public (long Sealed, long? Remaining) Progress { get; private set; }

    /// <summary>Seals up to <paramref name="batchSize"/> plaintext attachments; answers how many it looked at (0: nothing left).</summary>
    public async Task<int> RunBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var query = Unsealed(db);
        if (_after is { } after)
        {
            query = query.Where(a => a.CreatedAt > after.At || (a.CreatedAt == after.At && a.Id.CompareTo(after.Id) > 0));
        }

        var batch = await query
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Take(batchSize)
            .Select(a => new
            {
                a.Id, a.Sha256, a.FileName, a.MessageId, a.CreatedAt,
                ConversationId = db.Set<Message>().Where(m => m.Id == a.MessageId).Select(m => (Guid?)m.ConversationId).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            Progress = (_sealed, 0);
            return 0;
        }

        await protection.PrepareAsync(batch.Where(a => a.ConversationId is not null).Select(a => a.ConversationId!.Value).Distinct(), cancellationToken);
        foreach (var attachment in batch)
        {
            if (await SealOneAsync(db, attachment.Id, attachment.Sha256, attachment.FileName, attachment.MessageId, attachment.ConversationId, cancellationToken))
            {
                _sealed++;
            }
        }

        _after = (batch[^1].CreatedAt, batch[^1].Id);
        var remaining = await Unsealed(db).CountAsync(cancellationToken);
        Progress = (_sealed, remaining);
        logger.LogInformation("Encryption at rest: sealed {SealedCount} existing attachments so far, {RemainingCount} to go", _sealed, remaining);
        return batch.Count;
    }

    /// <summary>
    /// Once the rows written before encryption was on are sealed, on SQLite: the full-text index's segments still hold
    /// the old plaintext terms (FTS5 keeps deleted entries until segments merge) and freed pages the old rows. An FTS5
    /// <c>optimize</c> (one merged segment) and a <c>VACUUM</c> (the file rewritten without free pages) remove them;
    /// writers wait meanwhile (one time). PostgreSQL keeps dead row versions until its own VACUUM reuses the space:
    /// docs/encryption.md says what to run.
    /// </summary>
    public async Task PurgeRemnantsAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts();
        if (!db.Database.IsSqlite())
        {
            return;
        }

        logger.LogInformation("Encryption at rest: removing plaintext remnants from the SQLite file (FTS5 optimize, VACUUM)");
        await db.Database.ExecuteSqlRawAsync("INSERT INTO \"MessageSearch\"(\"MessageSearch\") VALUES ('optimize');", cancellationToken);
        // VACUUM copies the whole database into a temporary one: on disk, not in memory (connections keep temp_store = MEMORY).
        await db.Database.ExecuteSqlRawAsync("PRAGMA temp_store = FILE; VACUUM; PRAGMA temp_store = MEMORY;", cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        logger.LogInformation("Encryption at rest: the SQLite file holds no plaintext remnants of sealed rows");
    }

    private static IQueryable<Attachment> Unsealed(ChatDbContext db) =>
        db.Set<Attachment>().AsNoTracking().Where(a => EF.Property<byte[]?>(a, SealedAttachmentColumns.FileKey) == null);

    private async Task<bool> SealOneAsync(ChatDbContext db, Guid id, string address, string fileName, Guid? messageId, Guid? conversationId, CancellationToken cancellationToken)
    {
        await using var plaintext = files.OpenRead(address);
        if (plaintext is null)
        {
            logger.LogWarning("Encryption at rest: the bytes of attachment {AttachmentId} are missing; it stays unsealed", id);
            return false;
        }

        var sealedUpload = await attachments.SealStoredAsync(files, plaintext, id, fileName, conversationId, cancellationToken);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var staged = sealedUpload.Staged;
            var done = false;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                db.Set<StoredFile>().Add(new StoredFile(staged.Sha256, staged.Size, now));
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                var changed = await db.Set<Attachment>()
                    .Where(a => a.Id == id && a.Sha256 == address && a.MessageId == messageId && EF.Property<byte[]?>(a, SealedAttachmentColumns.FileKey) == null)
                    .ExecuteUpdateAsync(
                        s => s.SetProperty(a => a.Sha256, staged.Sha256)
                            .SetProperty(a => a.FileName, string.Empty)
                            .SetProperty(a => EF.Property<byte[]?>(a, SealedAttachmentColumns.FileKey), sealedUpload.WrappedFileKey)
                            .SetProperty(a => EF.Property<byte[]?>(a, SealedAttachmentColumns.FileName), sealedUpload.SealedFileName),
                        cancellationToken);
                if (changed == 1)
                {
                    await db.Set<StoredFile>().Where(f => f.Sha256 == address)
                        .ExecuteUpdateAsync(s => s.SetProperty(f => f.ReferenceCount, f => f.ReferenceCount - 1), cancellationToken);
                    if (await db.Set<StoredFile>().Where(f => f.Sha256 == address && f.ReferenceCount <= 0).ExecuteDeleteAsync(cancellationToken) == 1)
                    {
                        // As the clean-up job does: the bytes go inside the transaction that deleted their row.
                        files.Delete(address);
                    }

                    if (messageId is { } message)
                    {
                        await ReindexAttachmentsOnlyAsync(db, message, id, fileName, cancellationToken);
                    }

                    await files.CommitAsync(staged, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    done = true;
                }
            }

            return done;
        }
        finally
        {
            files.Discard(sealedUpload.Staged);
        }
    }

    /// <summary>
    /// A message of attachments only has a search row of its file names, written in plaintext before encryption was on
    /// (the message sealer takes messages with text only): rewritten as tokens of the names, opened where sealed.
    /// </summary>
    private async Task ReindexAttachmentsOnlyAsync(ChatDbContext db, Guid messageId, Guid justSealed, string justSealedName, CancellationToken cancellationToken)
    {
        var attachmentsOnly = await db.Set<Message>().AnyAsync(
            m => m.Id == messageId && m.Content == null && EF.Property<byte[]?>(m, SealedColumns.Content) == null && m.DeletedAt == null, cancellationToken);
        if (!attachmentsOnly)
        {
            return;
        }

        var rows = await db.Set<Attachment>().AsNoTracking().Where(a => a.MessageId == messageId).OrderBy(a => a.CreatedAt)
            .Select(a => new { a.Id, a.FileName, Key = EF.Property<byte[]?>(a, SealedAttachmentColumns.FileKey), Name = EF.Property<byte[]?>(a, SealedAttachmentColumns.FileName) })
            .ToListAsync(cancellationToken);
        var names = new List<string>(rows.Count);
        foreach (var row in rows)
        {
            names.Add(row.Id == justSealed
                ? justSealedName
                : row.Key is null || row.Name is null ? row.FileName : await attachments.OpenFileNameAsync(row.Id, row.Key, row.Name, cancellationToken) ?? string.Empty);
        }

        var terms = TextFolding.Terms(names);
        var tokens = await protection.IndexTermsAsync(terms.Split(' ', StringSplitOptions.RemoveEmptyEntries), cancellationToken);
        // Still of attachments only when written (an edit racing this took the row over and indexed it itself).
        await db.Set<MessageSearchEntry>()
            .Where(e => e.MessageId == messageId && db.Set<Message>().Any(m => m.Id == messageId && m.Content == null && EF.Property<byte[]?>(m, SealedColumns.Content) == null))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Terms, tokens), cancellationToken);
    }
}
