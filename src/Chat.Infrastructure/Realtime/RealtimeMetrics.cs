using System.Diagnostics.Metrics;
using Chat.Application.Common.Interfaces;

namespace Chat.Infrastructure.Realtime;

/// <summary>
/// This node's live numbers, as OpenTelemetry meters (meter <see cref="MeterName"/>, scraped at <c>/metrics</c>) and as
/// <c>/api/v1/admin/stats</c>: both read the same instruments and the same registry. Sockets and online users come from
/// the registry; chat messages per second is the messages stored by this node, averaged over the last
/// <see cref="WindowSeconds"/> complete seconds (docs/observability.md lists every instrument).
/// </summary>
public sealed class RealtimeMetrics : IRealtimeStatistics
{
    public const string MeterName = "Chat.Server";
    public const int WindowSeconds = 10;

    /// <summary>
    /// Bucket bounds of <c>chat.message.send.duration</c>, in seconds: OpenTelemetry's HTTP server duration bounds
    /// (semantic conventions, <c>http.server.request.duration</c>) with 1 ms and 2.5 ms added below them, since a send
    /// on an idle server is answered in about a millisecond. Without this advice the SDK's defaults (0, 5, 10, 25, …
    /// 10,000, meant for milliseconds) put every send into the 5-second bucket, which made quantiles useless.
    /// </summary>
    public static readonly IReadOnlyList<double> SendDurationBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly long[] _bucketSecond = new long[WindowSeconds + 1];
    private readonly long[] _bucketCount = new long[WindowSeconds + 1];
    private readonly Lock _gate = new();
    private readonly ConnectionRegistry _registry;
    private readonly RealtimeOptions _options;
    private readonly TimeProvider _clock;
    private readonly Counter<long> _messagesSent;
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _queueDrops;
    private readonly Counter<long> _authFailures;
    private readonly Histogram<double> _sendDuration;
    private long _framesWritten;

    public RealtimeMetrics(ConnectionRegistry registry, RealtimeOptions options, TimeProvider clock, IMeterFactory meters)
    {
        _registry = registry;
        _options = options;
        _clock = clock;
        var meter = meters.Create(MeterName);
        meter.CreateObservableUpDownCounter("chat.sockets.open", () => _registry.ConnectionCount, "{socket}", "WebSockets open on this node.");
        meter.CreateObservableUpDownCounter("chat.users.online", () => _registry.OnlineUserCount, "{user}", "Users with at least one socket on this node.");
        meter.CreateObservableGauge("chat.messages.per_second", () => Snapshot().MessagesPerSecond, "{message}/s",
            $"Chat messages stored by this node per second, over the last {WindowSeconds} s (as /api/v1/admin/stats).");
        _messagesSent = meter.CreateCounter<long>("chat.messages.sent", "{message}", "Chat messages stored by this node (REST and socket).");
        _deliveries = meter.CreateCounter<long>("chat.deliveries", "{frame}", "Frames written to sockets (events, answers, greetings).");
        _queueDrops = meter.CreateCounter<long>("chat.queue.drops", "{socket}", "Sockets closed with 1013 because their outbound queue was full.");
        _authFailures = meter.CreateCounter<long>("chat.auth.failures", "{failure}",
            "Refused credentials: kind=login (wrong username or password), refresh (bad or reused refresh token), socket (bad, used or expired ticket or token).");
        _sendDuration = meter.CreateHistogram<double>("chat.message.send.duration", "s",
            "Time to store a chat message, from the command entering the pipeline to its answer (REST and socket).",
            tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = SendDurationBuckets });
    }

    public long FramesWritten => Interlocked.Read(ref _framesWritten);

    public void MessageStored()
    {
        _messagesSent.Add(1);
        var second = _clock.GetUtcNow().ToUnixTimeSeconds();
        var slot = (int)(second % _bucketSecond.Length);
        lock (_gate)
        {
            if (_bucketSecond[slot] != second)
            {
                _bucketSecond[slot] = second;
                _bucketCount[slot] = 0;
            }

            _bucketCount[slot]++;
        }
    }

    public void MessageSendTook(TimeSpan elapsed) => _sendDuration.Record(elapsed.TotalSeconds);

    public void AuthFailed(string kind) => _authFailures.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void FrameWritten()
    {
        Interlocked.Increment(ref _framesWritten);
        _deliveries.Add(1);
    }

    public void QueueDropped() => _queueDrops.Add(1);

    public RealtimeStatistics Snapshot()
    {
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        long total = 0;
        lock (_gate)
        {
            for (var i = 0; i < _bucketSecond.Length; i++)
            {
                // The last WindowSeconds complete seconds (the current one is still filling up).
                if (_bucketSecond[i] < now && _bucketSecond[i] >= now - WindowSeconds)
                {
                    total += _bucketCount[i];
                }
            }
        }

        return new RealtimeStatistics(_registry.ConnectionCount, _registry.OnlineUserCount, Math.Round((double)total / WindowSeconds, 2), _options.Node);
    }
}
