using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Chat.Infrastructure.Redis;

/// <summary>
/// The node's one multiplexed connection to Redis (commands and pub/sub), opened in the background so a node starts
/// without Redis and reconnects by itself. Requests ask <see cref="TryGet"/> first: it refuses while the connection is
/// down or in back-off after a failure or a slow answer, so a paused or absent Redis costs a request at most
/// <see cref="RedisOptions.RequestTimeoutMilliseconds"/>, once per <see cref="RedisOptions.BackoffSeconds"/>.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly ILogger<RedisConnection> _logger;
    private readonly TimeProvider _clock;
    private readonly Task<ConnectionMultiplexer?> _connecting;
    private long _backoffUntil;
    private volatile string? _problem = "connecting to Redis";

    public RedisConnection(RedisOptions options, TimeProvider clock, ILogger<RedisConnection> logger)
    {
        _options = options;
        _clock = clock;
        _logger = logger;
        NodeId = Guid.NewGuid();
        _connecting = Task.Run(ConnectAsync);
    }

    /// <summary>This process's id among the nodes (new at every start, so a restarted node is a new node).</summary>
    public Guid NodeId { get; }

    public RedisOptions Options => _options;

    /// <summary>Raised (on a Redis thread) when the pub/sub connection came back after a loss: events may have been missed.</summary>
    public event Action? Restored;

    /// <summary>Raised once the first connection is up.</summary>
    public Task<ConnectionMultiplexer?> Connected => _connecting;

    /// <summary>Null when Redis answers; else why not (for <c>/health/ready</c>).</summary>
    public string? Problem
    {
        get
        {
            if (_connecting.IsCompletedSuccessfully && _connecting.Result is { IsConnected: false })
            {
                return _problem ?? "the connection to Redis is down";
            }

            if (InBackoff)
            {
                return _problem ?? "Redis was slow or failed; asking again shortly";
            }

            return _connecting.IsCompletedSuccessfully && _connecting.Result is not null ? null : _problem;
        }
    }

    private bool InBackoff => _clock.GetTimestamp() < Interlocked.Read(ref _backoffUntil);

    /// <summary>The multiplexer when Redis is usable for a request now; null while it is down or in back-off.</summary>
    public ConnectionMultiplexer? TryGet() =>
        _connecting.IsCompletedSuccessfully && _connecting.Result is { IsConnected: true } mux && !InBackoff ? mux : null;

    /// <summary>Records a failed or slow answer: requests stop asking Redis for <see cref="RedisOptions.BackoffSeconds"/>.</summary>
    public void Failed(string what, Exception? error)
    {
        var until = _clock.GetTimestamp() + (long)(TimeSpan.FromSeconds(Math.Max(1, _options.BackoffSeconds)).TotalSeconds * _clock.TimestampFrequency);
        var previous = Interlocked.Exchange(ref _backoffUntil, until);
        _problem = error is null ? $"Redis did not answer {what} in time" : $"Redis failed {what}: {error.GetType().Name}";
        if (_clock.GetTimestamp() >= previous)
        {
            _logger.LogWarning("Redis: {What} failed ({Error}); answering from this node alone for {Seconds} s", what, error?.GetType().Name ?? "timeout", _options.BackoffSeconds);
        }
    }

    /// <summary>Waits for a Redis call at most <see cref="RedisOptions.RequestTimeoutMilliseconds"/>; null (and back-off) when it failed or was slow.</summary>
    public T? Bounded<T>(string what, Func<IDatabase, Task<T>> call)
    {
        if (TryGet() is not { } mux)
        {
            return default;
        }

        try
        {
            var task = call(mux.GetDatabase());
            if (task.Wait(TimeSpan.FromMilliseconds(Math.Max(1, _options.RequestTimeoutMilliseconds))))
            {
                return task.Result;
            }

            _ = task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // observe a late failure
            Failed(what, null);
        }
        catch (AggregateException ex) when (ex.InnerException is RedisException or TimeoutException or ObjectDisposedException)
        {
            Failed(what, ex.InnerException);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Failed(what, ex);
        }

        return default;
    }

    public string Key(string name) => $"{_options.Prefix}:{name}";

    private async Task<ConnectionMultiplexer?> ConnectAsync()
    {
        try
        {
            var config = ConfigurationOptions.Parse(_options.Configuration!);
            config.AbortOnConnectFail = false; // start without Redis and keep trying
            config.BacklogPolicy = BacklogPolicy.FailFast; // while down, fail at once rather than queue
            config.ClientName ??= $"chat-{NodeId:N}";
            var mux = await ConnectionMultiplexer.ConnectAsync(config);
            mux.ConnectionFailed += (_, e) =>
            {
                _problem = $"the connection to Redis is down ({e.FailureType})";
                _logger.LogWarning("Redis: {ConnectionType} connection to {EndPoint} lost ({FailureType}); reconnecting", e.ConnectionType, e.EndPoint, e.FailureType);
            };
            mux.ConnectionRestored += (_, e) =>
            {
                _logger.LogInformation("Redis: {ConnectionType} connection to {EndPoint} restored", e.ConnectionType, e.EndPoint);
                Interlocked.Exchange(ref _backoffUntil, 0);
                _problem = null;
                if (e.ConnectionType == ConnectionType.Subscription)
                {
                    Restored?.Invoke();
                }
            };
            if (mux.IsConnected)
            {
                _problem = null;
                _logger.LogInformation("Redis: connected as node {NodeId}", NodeId);
            }
            else
            {
                _problem = "Redis is unreachable; retrying";
                _logger.LogWarning("Redis: unreachable at start-up; retrying in the background (node {NodeId})", NodeId);
            }

            return mux;
        }
        catch (Exception ex)
        {
            // A malformed configuration string: the node runs alone and says why.
            _problem = $"Redis configuration rejected: {ex.Message}";
            _logger.LogError("Redis: the configuration string was rejected ({Error}); running as a single node", ex.Message);
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (await _connecting is { } mux)
        {
            await mux.DisposeAsync();
        }
    }
}
