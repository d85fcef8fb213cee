using System.Threading.Channels;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Users;
using Chat.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.Infrastructure.Exports;

/// <summary>
/// This node's export worker (docs/operations.md "Exports"): one export at a time, woken when this node queues one and
/// otherwise every <see cref="AccountExportOptions.PollInterval"/> (for exports queued on other nodes, exports whose
/// worker died, and the clean-up). While it writes an archive it renews the export's lease every third of
/// <see cref="AccountExportOptions.Lease"/>; if this process dies, the lease runs out and a worker takes the export up again.
/// </summary>
internal sealed class AccountExportWorker(IServiceScopeFactory scopes, AccountExportOptions options, ILogger<AccountExportWorker> logger)
    : BackgroundService, IAccountExportQueue
{
    // One pending wake-up is enough: the worker drains the whole queue each time it wakes.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PassAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (DatabaseFailures.Classify(exception) != DatabaseFailureKind.None)
            {
                logger.LogWarning("Exports: a pass failed ({Cause}); the next one runs in {Interval}", DatabaseFailures.CauseOf(exception), options.PollInterval);
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Exports: a pass failed; the next one runs in {Interval}", options.PollInterval);
            }

            try
            {
                using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                poll.CancelAfter(options.PollInterval);
                await _wake.Reader.ReadAsync(poll.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The poll interval passed without a wake-up.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PassAsync(CancellationToken stoppingToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var jobs = scope.ServiceProvider.GetRequiredService<AccountExportJobs>();
            await jobs.RecoverAsync(stoppingToken);
            await jobs.CleanUpAsync(stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested && await RunNextAsync(stoppingToken))
        {
        }
    }

    private async Task<bool> RunNextAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<AccountExportJobs>();
        var export = await jobs.ClaimNextAsync(stoppingToken);
        if (export is null)
        {
            return false;
        }

        using var writing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = RenewLeaseAsync(export.Id, writing.Token);
        try
        {
            await jobs.ProduceAsync(export, stoppingToken);
        }
        finally
        {
            await writing.CancelAsync();
            await renewal;
        }

        return true;
    }

    private async Task RenewLeaseAsync(Guid exportId, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Lease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<AccountExportJobs>().RenewLeaseAsync(exportId, cancellationToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The next tick tries again; a lease that runs out meanwhile only lets another worker redo the export.
                    logger.LogWarning("Exports: renewing the lease of {ExportId} failed ({Cause})", exportId, DatabaseFailures.CauseOf(exception));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Writing is over.
        }
    }
}
