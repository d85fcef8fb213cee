using System.Collections.Concurrent;
using System.Threading.Channels;
using Chat.Application.Features.Realtime.PublishPresence;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.Infrastructure.Realtime;

/// <summary>
/// Tells friends when a user comes online or goes offline. Sockets only signal "this user's presence may have changed";
/// a worker compares the registry's answer with what it last announced and publishes only real changes, so a user
/// whose devices connect and disconnect at once ends with one correct announcement, and a quick reconnect (the last
/// socket closes as a new one opens) announces nothing. Users are spread over a few workers by id; one user's
/// announcements are always made by the same worker, in order.
/// </summary>
/// <remarks>With several nodes, <see cref="IPresenceCoordinator"/> (when registered) keeps the announcement to one per real change across them.</remarks>
public sealed class PresenceBroadcaster(
    ConnectionRegistry registry, IServiceScopeFactory scopes, ILogger<PresenceBroadcaster> logger, IPresenceCoordinator? coordinator = null)
    : BackgroundService
{
    private const int Workers = 4;

    private readonly Channel<Guid>[] _queues = Enumerable.Range(0, Workers)
        .Select(_ => Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true }))
        .ToArray();

    private readonly ConcurrentDictionary<Guid, byte> _queued = new();
    private readonly ConcurrentDictionary<Guid, byte> _announcedOnline = new();

    /// <summary>Users whose presence change has not been announced yet (for tests and diagnostics).</summary>
    public int PendingCount => _queued.Count;

    /// <summary>Users this node has announced online (and not yet offline).</summary>
    public int AnnouncedOnlineCount => _announcedOnline.Count;

    public void Signal(Guid userId)
    {
        if (_queued.TryAdd(userId, 0))
        {
            _queues[(userId.GetHashCode() & int.MaxValue) % Workers].Writer.TryWrite(userId);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_queues.Select(queue => Task.Run(() => RunWorkerAsync(queue.Reader, stoppingToken), CancellationToken.None)));

    private async Task RunWorkerAsync(ChannelReader<Guid> queue, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var userId in queue.ReadAllAsync(stoppingToken))
            {
                _queued.TryRemove(userId, out _);
                var online = registry.IsOnline(userId);
                if (online == _announcedOnline.ContainsKey(userId))
                {
                    continue;
                }

                if (online)
                {
                    _announcedOnline[userId] = 0;
                }
                else
                {
                    _announcedOnline.TryRemove(userId, out _);
                }

                if (coordinator is not null && !await coordinator.ChangedAcrossNodesAsync(userId, online, stoppingToken))
                {
                    continue;
                }

                await AnnounceAsync(userId, online, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task AnnounceAsync(Guid userId, bool online, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new PublishPresenceCommand(userId, online), stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && Persistence.DatabaseFailures.Classify(ex) != Persistence.DatabaseFailureKind.None)
        {
            // The database is away or full (requests log that once per interval): one line, no stack trace.
            logger.LogWarning("Announcing that user {UserId} is {State} failed: {Cause}", userId, online ? "online" : "offline", Persistence.DatabaseFailures.CauseOf(ex));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Announcing that user {UserId} is {State} failed", userId, online ? "online" : "offline");
        }
    }
}
