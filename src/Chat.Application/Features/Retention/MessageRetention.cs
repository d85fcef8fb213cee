using Chat.Application.Common.Interfaces;
using Chat.Domain.Attachments;
using Chat.Domain.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Chat.Application.Features.Retention;

/// <summary>
/// Deletes messages sent before a cutoff, for good: rows, not tombstones (docs/decisions/0010-retention-deletes-rows.md).
/// Each batch is one short transaction that removes the messages' reactions, mentions, previous contents and
/// attachments (the rows, counting their files' references down; the attachment clean-up job deletes the bytes of files
/// nobody references any more), then the messages; conversations are not locked and their version does not move, so senders are never blocked for longer
/// than one batch's write. History, unread counts and <c>/changes</c> read rows, so they stay consistent: the deleted
/// messages are simply no longer there (clients drop what is older than the retention period themselves).
/// </summary>
public sealed class MessageRetention(IChatDbContext db, ILogger<MessageRetention> logger)
{
    /// <summary>Deletes every message whose <c>CreatedAt</c> is before <paramref name="cutoff"/>, <paramref name="batchSize"/> at a time; returns how many.</summary>
    public async Task<int> SweepAsync(DateTime cutoff, int batchSize, TimeSpan pause, CancellationToken cancellationToken)
    {
        var total = 0;
        var batches = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Oldest first over the CreatedAt index.
            var ids = await db.Set<Message>().AsNoTracking()
                .Where(m => m.CreatedAt < cutoff)
                .OrderBy(m => m.CreatedAt)
                .Select(m => m.Id)
                .Take(Math.Max(1, batchSize))
                .ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }

            await db.InTransactionAsync(
                async ct =>
                {
                    await db.Set<MessageReaction>().Where(r => ids.Contains(r.MessageId)).ExecuteDeleteAsync(ct);
                    await db.Set<MessageMention>().Where(r => ids.Contains(r.MessageId)).ExecuteDeleteAsync(ct);
                    await db.Set<MessageEdit>().Where(r => ids.Contains(r.MessageId)).ExecuteDeleteAsync(ct);
                    await RemoveAttachmentsAsync(ids, ct);
                    return await db.Set<Message>().Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(ct);
                },
                cancellationToken);
            total += ids.Count;
            batches++;
            logger.LogDebug("Retention: batch {Batch} deleted {Count} messages ({Total} so far)", batches, ids.Count, total);
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, cancellationToken);
            }
        }

        if (total > 0)
        {
            logger.LogInformation("Retention: deleted {Total} messages sent before {Cutoff:o} in {Batches} batches", total, cutoff, batches);
        }

        return total;
    }

    // Sent attachments belong to their message alone (sending claims an unsent one), so nobody else moves these rows.
    private async Task RemoveAttachmentsAsync(List<Guid> messageIds, CancellationToken ct)
    {
        var files = await db.Set<Attachment>().Where(a => a.MessageId != null && messageIds.Contains(a.MessageId.Value))
            .GroupBy(a => a.Sha256)
            .Select(g => new { Sha256 = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        if (files.Count == 0)
        {
            return;
        }

        foreach (var file in files)
        {
            await db.Set<StoredFile>().Where(f => f.Sha256 == file.Sha256)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.ReferenceCount, f => f.ReferenceCount - file.Count), ct);
        }

        await db.Set<Attachment>().Where(a => a.MessageId != null && messageIds.Contains(a.MessageId.Value)).ExecuteDeleteAsync(ct);
    }
}
