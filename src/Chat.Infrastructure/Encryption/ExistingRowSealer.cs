using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages;
using Chat.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.Infrastructure.Encryption;

/// <summary>
/// Switching encryption on over an existing database: seals the messages written before, a batch at a time, oldest
/// first — their content, their edit history and their search row (folded words → blind-index tokens). Resumable by
/// construction: a batch picks the rows still unsealed, so a stop (or a crash) loses nothing and a restart goes on.
/// Each row is updated only if it is still what was read (same version, still unsealed), so an edit or delete racing
/// the job wins and the job takes the row on a later pass. Messages of attachments only keep their search row (file
/// names) as it is. A row an edit or delete took meanwhile is sealed by that write (or has no content left).
/// </summary>
public sealed class ExistingRowSealer(IContentProtection protection, Func<ChatDbContext> contexts, ILogger<ExistingRowSealer> logger) : ISealingProgress
{
    private long _sealed;
    private (DateTime At, Guid Id)? _after;

    /// <summary>Progress for <c>/admin/stats</c>: null until the first pass has counted what is left.</summary>
    public SealingProgress? Progress { get; private set; }

    /// <summary>Seals up to <paramref name="batchSize"/> unsealed messages in one transaction; answers how many it sealed (0: nothing left).</summary>
    public async Task<int> RunBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var query = db.Set<Message>().AsNoTracking().Where(m => EF.Property<byte[]?>(m, SealedColumns.Content) == null && m.Content != null);
        if (_after is { } after)
        {
            // Keyset on (time, id): a pass walks the CreatedAt index once instead of skipping what it sealed before.
            query = query.Where(m => m.CreatedAt > after.At || (m.CreatedAt == after.At && m.Id.CompareTo(after.Id) > 0));
        }

        var batch = await query
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Take(batchSize)
            .Select(m => new { m.Id, m.ConversationId, m.Version, m.CreatedAt, Content = m.Content! })
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            Progress = new SealingProgress(_sealed, 0);
            return 0;
        }

        var ids = batch.Select(m => m.Id).ToList();
        var edits = await db.Set<MessageEdit>().AsNoTracking()
            .Where(e => ids.Contains(e.MessageId) && EF.Property<byte[]?>(e, SealedColumns.Content) == null)
            .Select(e => new { e.Id, e.MessageId, e.Content })
            .ToListAsync(cancellationToken);
        var entries = await db.Set<MessageSearchEntry>().AsNoTracking()
            .Where(e => ids.Contains(e.MessageId))
            .Select(e => new { e.MessageId, e.Terms })
            .ToDictionaryAsync(e => e.MessageId, e => e.Terms, cancellationToken);
        await protection.PrepareAsync(batch.Select(m => m.ConversationId).Distinct(), cancellationToken);

        var done = 0;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var message in batch)
            {
                var sealedContent = await protection.SealAsync(ProtectedContent.MessageContent, message.ConversationId, message.Id, message.Content, cancellationToken);
                var changed = await db.Set<Message>()
                    .Where(m => m.Id == message.Id && m.Version == message.Version && EF.Property<byte[]?>(m, SealedColumns.Content) == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => EF.Property<byte[]?>(m, SealedColumns.Content), sealedContent).SetProperty(m => m.Content, (string?)null), cancellationToken);
                if (changed == 0)
                {
                    continue; // changed meanwhile: a later pass takes it
                }

                done++;
                foreach (var edit in edits.Where(e => e.MessageId == message.Id))
                {
                    var sealedEdit = await protection.SealAsync(ProtectedContent.EditContent, message.ConversationId, edit.Id, edit.Content, cancellationToken);
                    await db.Set<MessageEdit>()
                        .Where(e => e.Id == edit.Id && EF.Property<byte[]?>(e, SealedColumns.Content) == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(e => EF.Property<byte[]?>(e, SealedColumns.Content), sealedEdit).SetProperty(e => e.Content, string.Empty), cancellationToken);
                }

                if (entries.TryGetValue(message.Id, out var terms))
                {
                    var tokens = await protection.IndexTermsAsync(terms.Split(' ', StringSplitOptions.RemoveEmptyEntries), cancellationToken);
                    await db.Set<MessageSearchEntry>()
                        .Where(e => e.MessageId == message.Id && e.Terms == terms)
                        .ExecuteUpdateAsync(s => s.SetProperty(e => e.Terms, tokens), cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        _sealed += done;
        _after = (batch[^1].CreatedAt, batch[^1].Id);
        var remaining = await db.Set<Message>().CountAsync(m => EF.Property<byte[]?>(m, SealedColumns.Content) == null && m.Content != null, cancellationToken);
        Progress = new SealingProgress(_sealed, remaining);
        logger.LogInformation("Encryption at rest: sealed {SealedCount} existing messages so far, {RemainingCount} to go", _sealed, remaining);
        return batch.Count;
    }
}

/// <summary>
/// Runs <see cref="ExistingRowSealer"/> at start while encryption is on, batch after batch with a pause between them
/// (<see cref="EncryptionOptions.SealBatchSize"/>, <see cref="EncryptionOptions.SealPauseMilliseconds"/>), until nothing
/// is left, then <see cref="ExistingAttachmentSealer"/> the same way. A failed batch is logged and retried after a longer pause.
/// </summary>
internal sealed class ExistingRowSealingService(
    EncryptionOptions options, ExistingRowSealer sealer, IServiceProvider services, ILogger<ExistingRowSealingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        // Resolved only when on: it needs the master key.
        var attachmentSealer = services.GetRequiredService<ExistingAttachmentSealer>();
        var messagesDone = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!messagesDone && await sealer.RunBatchAsync(options.SealBatchSize, stoppingToken) == 0)
                {
                    logger.LogInformation("Encryption at rest: every stored message is sealed");
                    messagesDone = true;
                }

                if (messagesDone && await attachmentSealer.RunBatchAsync(options.SealBatchSize, stoppingToken) == 0)
                {
                    logger.LogInformation("Encryption at rest: every stored attachment is sealed");
                    if (sealer.Progress?.Sealed > 0 || attachmentSealer.Progress.Sealed > 0)
                    {
                        await attachmentSealer.PurgeRemnantsAsync(stoppingToken);
                    }

                    return;
                }

                await Task.Delay(options.SealPauseMilliseconds, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or IOException)
            {
                logger.LogError(ex, "Encryption at rest: sealing existing messages failed; retrying in a minute");
                await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
            }
        }
    }
}
