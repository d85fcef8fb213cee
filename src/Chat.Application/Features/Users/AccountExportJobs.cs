using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Users.ExportAccount;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Chat.Application.Features.Users;

/// <summary>
/// The background side of exports (rest.md "Exporting one's data", docs/operations.md "Exports"), run by each node's
/// export worker: take up exports whose worker died (<see cref="RecoverAsync"/>), claim a queued one
/// (<see cref="ClaimNextAsync"/>), write its archive with the same writer as the direct export
/// (<see cref="ProduceAsync"/>), and clean up (<see cref="CleanUpAsync"/>). Every state change is a conditional update
/// on the row (status, and id), so several nodes never run one export twice and a row deleted meanwhile (the account
/// deleted) is never brought back.
/// </summary>
public sealed class AccountExportJobs(
    IChatDbContext db, AccountArchiveWriter writer, IExportFileStore files, AccountExportOptions options, IPublicLinks links, TimeProvider clock,
    ILogger<AccountExportJobs> logger)
{
    /// <summary>How old a direct export's temporary file must be to count as left behind by a crash.</summary>
    public static readonly TimeSpan StrayFileAge = TimeSpan.FromHours(1);

    /// <summary>The export as its owner sees it, at the current time.</summary>
    public AccountExportDto View(AccountExport export)
    {
        var status = export.StatusAt(Now);
        return new AccountExportDto
        {
            Id = export.Id,
            Status = status.ToString().ToLowerInvariant(),
            CreatedAt = export.CreatedAt,
            CompletedAt = export.CompletedAt,
            ExpiresAt = export.ExpiresAt,
            Size = export.Size,
            DownloadUrl = status == AccountExportStatus.Ready ? links.Link($"/api/v1/users/me/exports/{export.Id}/download") : null,
        };
    }

    /// <summary>
    /// Running exports whose lease ran out (their worker stopped or crashed): queued again, or failed once they have been
    /// tried <see cref="AccountExportOptions.MaxAttempts"/> times. Returns how many were taken up again and how many failed.
    /// </summary>
    public async Task<(int Resumed, int Failed)> RecoverAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        var failed = await db.Set<AccountExport>()
            .Where(e => e.Status == AccountExportStatus.Running && e.LeaseUntil < now && e.Attempts >= options.MaxAttempts)
            .ExecuteUpdateAsync(
                s => s.SetProperty(e => e.Status, AccountExportStatus.Failed).SetProperty(e => e.CompletedAt, now).SetProperty(e => e.LeaseUntil, (DateTime?)null)
                    .SetProperty(e => e.Failure, "The worker writing it stopped on every attempt."),
                cancellationToken);
        var resumed = await db.Set<AccountExport>()
            // The attempts condition again: a lease that ran out between the two updates is failed by the next pass, never resumed.
            .Where(e => e.Status == AccountExportStatus.Running && e.LeaseUntil < now && e.Attempts < options.MaxAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, AccountExportStatus.Pending).SetProperty(e => e.LeaseUntil, (DateTime?)null), cancellationToken);
        if (resumed + failed > 0)
        {
            logger.LogWarning("Exports: {Resumed} whose worker stopped are queued again, {Failed} failed after {Attempts} attempts", resumed, failed, options.MaxAttempts);
        }

        return (resumed, failed);
    }

    /// <summary>Claims the oldest queued export for this worker (running, leased for <see cref="AccountExportOptions.Lease"/>); null when none waits.</summary>
    public async Task<AccountExport?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        // Another node may claim the same row first: then the update changes nothing and the next one is tried.
        for (var tries = 0; tries < 5; tries++)
        {
            var candidate = await db.Set<AccountExport>().AsNoTracking()
                .Where(e => e.Status == AccountExportStatus.Pending)
                .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
                .Select(e => (Guid?)e.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (candidate is not { } id)
            {
                return null;
            }

            var now = Now;
            var leaseUntil = now + options.Lease;
            var claimed = await db.Set<AccountExport>()
                .Where(e => e.Id == id && e.Status == AccountExportStatus.Pending)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(e => e.Status, AccountExportStatus.Running).SetProperty(e => e.StartedAt, now)
                        .SetProperty(e => e.LeaseUntil, leaseUntil).SetProperty(e => e.Attempts, e => e.Attempts + 1),
                    cancellationToken);
            if (claimed == 1)
            {
                return await db.Set<AccountExport>().AsNoTracking().FirstAsync(e => e.Id == id, cancellationToken);
            }
        }

        return null;
    }

    /// <summary>Extends the lease of a running export by <see cref="AccountExportOptions.Lease"/>; false when it is no longer running (deleted meanwhile).</summary>
    public async Task<bool> RenewLeaseAsync(Guid exportId, CancellationToken cancellationToken)
    {
        var leaseUntil = Now + options.Lease;
        return await db.Set<AccountExport>().Where(e => e.Id == exportId && e.Status == AccountExportStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaseUntil, leaseUntil), cancellationToken) == 1;
    }

    /// <summary>
    /// Writes the archive of a claimed export and marks it ready for <see cref="AccountExportOptions.LinkLifetime"/>, or
    /// failed. Stopping (<paramref name="cancellationToken"/>) hands it back to the queue, so the next start takes it up
    /// again. A partial archive never stays behind.
    /// </summary>
    public async Task<AccountExportStatus> ProduceAsync(AccountExport export, CancellationToken cancellationToken)
    {
        try
        {
            var user = await db.Set<User>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == export.UserId && u.DeletedAt == null, cancellationToken);
            if (user is null)
            {
                await FinishAsync(export.Id, AccountExportStatus.Failed, null, "The account was deleted.", CancellationToken.None);
                return AccountExportStatus.Failed;
            }

            ExportSummary summary;
            long size;
            await using (var archive = files.Create(export.Id))
            {
                summary = await writer.WriteAsync(user, archive, cancellationToken);
                await archive.FlushAsync(cancellationToken);
                size = archive.Length;
            }

            if (!await FinishAsync(export.Id, AccountExportStatus.Ready, size, null, cancellationToken))
            {
                files.Delete(export.Id);
                logger.LogInformation("Export {ExportId} was removed while being written (the account was deleted); its archive is deleted", export.Id);
                return AccountExportStatus.Failed;
            }

            logger.LogInformation(
                "Export {ExportId} for user {UserId} is ready: {Messages} messages, {Attachments} attachments, {Size} bytes, attempt {Attempt}",
                export.Id, export.UserId, summary.Messages, summary.Attachments, size, export.Attempts);
            return AccountExportStatus.Ready;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            files.Delete(export.Id);
            await db.Set<AccountExport>().Where(e => e.Id == export.Id && e.Status == AccountExportStatus.Running)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(e => e.Status, AccountExportStatus.Pending).SetProperty(e => e.LeaseUntil, (DateTime?)null).SetProperty(e => e.Attempts, e => e.Attempts - 1),
                    CancellationToken.None);
            logger.LogInformation("Export {ExportId} handed back to the queue: the server is stopping", export.Id);
            throw;
        }
        catch (Exception exception)
        {
            files.Delete(export.Id);
            logger.LogError(exception, "Export {ExportId} for user {UserId} failed on attempt {Attempt}", export.Id, export.UserId, export.Attempts);
            await FinishAsync(export.Id, AccountExportStatus.Failed, null, AccountExport.FailureText($"Writing the archive failed ({exception.GetType().Name})."), CancellationToken.None);
            return AccountExportStatus.Failed;
        }
    }

    /// <summary>
    /// One clean-up pass, each kind at most <see cref="AccountExportOptions.CleanupBatchSize"/>: ready exports past
    /// their expiry lose their archive and become expired; expired and failed ones older than
    /// <see cref="AccountExportOptions.KeepFinished"/> are deleted; archives with no ready or unfinished export (its row
    /// deleted) and direct exports' temporary files older than <see cref="StrayFileAge"/> are deleted.
    /// </summary>
    public async Task<AccountExportCleanUp> CleanUpAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        var batch = Math.Max(1, options.CleanupBatchSize);
        var expired = await db.Set<AccountExport>().AsNoTracking()
            .Where(e => e.Status == AccountExportStatus.Ready && e.ExpiresAt <= now)
            .OrderBy(e => e.ExpiresAt).ThenBy(e => e.Id)
            .Select(e => e.Id).Take(batch).ToListAsync(cancellationToken);
        foreach (var id in expired)
        {
            files.Delete(id);
        }

        if (expired.Count > 0)
        {
            await db.Set<AccountExport>().Where(e => expired.Contains(e.Id) && e.Status == AccountExportStatus.Ready)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, AccountExportStatus.Expired), cancellationToken);
        }

        var keptUntil = now - options.KeepFinished;
        var finished = await db.Set<AccountExport>().AsNoTracking()
            .Where(e => (e.Status == AccountExportStatus.Expired && e.ExpiresAt < keptUntil) || (e.Status == AccountExportStatus.Failed && e.CompletedAt < keptUntil))
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
            .Select(e => e.Id).Take(batch).ToListAsync(cancellationToken);
        if (finished.Count > 0)
        {
            await db.Set<AccountExport>().Where(e => finished.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        var orphans = 0;
        foreach (var chunk in files.List().Select(f => f.ExportId).Chunk(batch))
        {
            var live = await db.Set<AccountExport>().AsNoTracking()
                .Where(e => chunk.Contains(e.Id) && (e.Status == AccountExportStatus.Ready || e.Status == AccountExportStatus.Running || e.Status == AccountExportStatus.Pending))
                .Select(e => e.Id).ToListAsync(cancellationToken);
            foreach (var id in chunk.Except(live))
            {
                files.Delete(id);
                orphans++;
            }
        }

        var stray = files.RemoveStrayFiles(now - StrayFileAge);
        var result = new AccountExportCleanUp(expired.Count, finished.Count, orphans + stray);
        if (result.Expired + result.Deleted + result.Files > 0)
        {
            logger.LogInformation(
                "Exports clean-up: {Expired} expired (archives deleted), {Deleted} finished exports deleted, {Files} files without an export deleted",
                result.Expired, result.Deleted, result.Files);
        }

        return result;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<bool> FinishAsync(Guid id, AccountExportStatus status, long? size, string? failure, CancellationToken cancellationToken)
    {
        var now = Now;
        DateTime? expiresAt = status == AccountExportStatus.Ready ? now + options.LinkLifetime : null;
        return await db.Set<AccountExport>().Where(e => e.Id == id && e.Status == AccountExportStatus.Running)
            .ExecuteUpdateAsync(
                s => s.SetProperty(e => e.Status, status).SetProperty(e => e.CompletedAt, now).SetProperty(e => e.ExpiresAt, expiresAt)
                    .SetProperty(e => e.Size, size).SetProperty(e => e.Failure, failure).SetProperty(e => e.LeaseUntil, (DateTime?)null),
                cancellationToken) == 1;
    }
}

/// <summary>What one clean-up pass did: exports expired (archives deleted), finished exports deleted, files without an export deleted.</summary>
public sealed record AccountExportCleanUp(int Expired, int Deleted, int Files);
