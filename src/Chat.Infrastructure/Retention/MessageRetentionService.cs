using Chat.Application.Features.Retention;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.Infrastructure.Retention;

/// <summary>
/// Runs <see cref="MessageRetention"/> at start-up and then every <see cref="RetentionOptions.IntervalSeconds"/>, when
/// <see cref="RetentionOptions.MessageDays"/> is set. A failed sweep is logged and retried at the next interval; with
/// several nodes each sweeps, which is harmless (a batch another node already deleted deletes nothing).
/// </summary>
internal sealed class MessageRetentionService(IServiceScopeFactory scopes, RetentionOptions options, TimeProvider clock, ILogger<MessageRetentionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        logger.LogInformation("Retention: messages are kept {Days} days", options.MessageDays);
        var interval = TimeSpan.FromSeconds(Math.Max(1, options.IntervalSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-options.MessageDays);
                await scope.ServiceProvider.GetRequiredService<MessageRetention>()
                    .SweepAsync(cutoff, options.BatchSize, TimeSpan.FromMilliseconds(Math.Max(0, options.BatchPauseMilliseconds)), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (Persistence.DatabaseFailures.Classify(exception) != Persistence.DatabaseFailureKind.None)
            {
                logger.LogWarning("Retention: the sweep failed ({Cause}); it runs again in {Interval}", Persistence.DatabaseFailures.CauseOf(exception), interval);
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Retention: the sweep failed; it runs again in {Interval}", interval);
            }

            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
