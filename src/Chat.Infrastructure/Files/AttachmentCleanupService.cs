using Chat.Application.Features.Attachments;
using Chat.Application.Features.Attachments.CleanUpAttachments;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.Infrastructure.Files;

/// <summary>Runs <see cref="CleanUpAttachmentsCommand"/> every <see cref="AttachmentOptions.CleanupInterval"/> (off when zero or less).</summary>
internal sealed partial class AttachmentCleanupService(IServiceScopeFactory scopes, AttachmentOptions options, ILogger<AttachmentCleanupService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.CleanupInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.CleanupInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CleanUpAttachmentsCommand(), stoppingToken);
                    if (result.Attachments + result.Files > 0)
                    {
                        LogRemoved(result.Attachments, result.Files);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The next pass retries; one failure must not stop the job.
                    LogFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping (or a start that failed and disposed the host): not a failure of the job.
        }
    }

    [LoggerMessage(LogLevel.Information, "Attachment clean-up removed {Attachments} attachments and {Files} stored files")]
    private partial void LogRemoved(int attachments, int files);

    [LoggerMessage(LogLevel.Warning, "Attachment clean-up failed")]
    private partial void LogFailed(Exception exception);
}
