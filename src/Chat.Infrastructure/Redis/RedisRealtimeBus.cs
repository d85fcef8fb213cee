using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using Chat.Infrastructure.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Chat.Infrastructure.Redis;

/// <summary>
/// The scale-out bus (docs/decisions/0014-redis-fan-out.md): every event is delivered to this node's sockets at once and
/// queued for Redis pub/sub, where every other node receives it on one channel and delivers it to its own sockets.
/// </summary>
/// <remarks>
/// <para><b>Never delays an acknowledgement:</b> <see cref="Publish"/> only appends to a bounded buffer; one loop encodes
/// each event once (<see cref="RedisEnvelopeCodec"/>) and publishes it. A full buffer, or Redis down, drops the event for
/// the other nodes (counted), and they notice: every message carries its node's sequence number, and a heartbeat every
/// second carries the last one assigned.</para>
/// <para><b>Nothing lost:</b> a receiver that sees a node's sequence jump, or whose subscription reconnected, sends every
/// local socket <c>catch_up</c> (realtime.md), and they fetch what they missed from the database over REST.</para>
/// <para><b>Order:</b> one conversation's events from several nodes pass <see cref="CrossNodeOrdering"/>.</para>
/// </remarks>
public sealed class RedisRealtimeBus : BackgroundService, IRealtimeBus
{
    private static readonly TimeSpan BeatInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ForgetNodeAfter = TimeSpan.FromMinutes(5);
    private const int MaxInFlight = 256;

    private readonly RedisConnection _redis;
    private readonly LocalDelivery _local;
    private readonly ConnectionRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _clock;
    private readonly ILogger<RedisRealtimeBus> _logger;
    private readonly Channel<Outgoing> _buffer;
    private readonly CrossNodeOrdering _ordering;
    private readonly Dictionary<Guid, (long Sequence, long SeenAt)> _lastSeen = [];
    private readonly Lock _sequenceGate = new();
    private readonly RedisChannel _channel;
    private IReadOnlyList<IRecipientCache>? _caches;
    private long _sequence;
    private long _published;
    private long _dropped;
    private long _received;
    private long _gaps;
    private long _lastDropLog;

    public RedisRealtimeBus(
        RedisConnection redis, LocalDelivery local, ConnectionRegistry registry, RealtimeOptions realtime, IServiceProvider services,
        TimeProvider clock, ILogger<RedisRealtimeBus> logger)
    {
        _redis = redis;
        _local = local;
        _registry = registry;
        _services = services;
        _clock = clock;
        _logger = logger;
        _channel = RedisChannel.Literal(redis.Key("events"));
        _buffer = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(Math.Max(16, redis.Options.PublishBufferCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite answers false when full; nothing ever waits
        });
        _ordering = new CrossNodeOrdering(
            local.Deliver, CatchUp, TimeSpan.FromMilliseconds(Math.Max(1, realtime.OrderingTimeoutMilliseconds)), clock, logger);
        redis.Restored += OnRestored;
    }

    /// <summary>Events handed to Redis, events dropped for other nodes (buffer full, Redis down), events received from other nodes, gaps noticed.</summary>
    public (long Published, long Dropped, long Received, long Gaps) Counts =>
        (Interlocked.Read(ref _published), Interlocked.Read(ref _dropped), Interlocked.Read(ref _received), Interlocked.Read(ref _gaps));

    public void Publish(RealtimeEnvelope envelope)
    {
        // An event that went out here in line tells the receivers so: its predecessor reached Redis before it.
        var inLine = _ordering.Arrive(envelope, follows: false);
        lock (_sequenceGate)
        {
            var sequence = ++_sequence;
            if (!_buffer.Writer.TryWrite(new Outgoing(sequence, envelope, inLine)))
            {
                Dropped();
            }
        }
    }

    public override void Dispose()
    {
        _redis.Restored -= OnRestored;
        _ordering.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var mux = await _redis.Connected.WaitAsync(stoppingToken);
        if (mux is null)
        {
            return; // rejected configuration: this node runs alone (logged, and /health/ready says so)
        }

        await SubscribeAsync(mux, stoppingToken);
        using var beat = _clock.CreateTimer(_ => Beat(), null, BeatInterval, BeatInterval);
        await PublishLoopAsync(mux, stoppingToken);
    }

    private async Task SubscribeAsync(ConnectionMultiplexer mux, CancellationToken stoppingToken)
    {
        // The multiplexer re-subscribes by itself after a reconnect; only the first subscription is ours to retry.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var queue = await mux.GetSubscriber().SubscribeAsync(_channel);
                queue.OnMessage(message => Receive(message.Message));
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                _logger.LogWarning("Redis: subscribing failed ({Error}); retrying", ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), _clock, stoppingToken);
            }
        }
    }

    private async Task PublishLoopAsync(ConnectionMultiplexer mux, CancellationToken stoppingToken)
    {
        var subscriber = mux.GetSubscriber();
        var inFlight = new List<Task>(MaxInFlight);
        var reader = _buffer.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                // Issued in order on one connection, awaited together: Redis keeps the order, the loop keeps a window.
                while (inFlight.Count < MaxInFlight && reader.TryRead(out var item))
                {
                    if (!mux.IsConnected)
                    {
                        if (item.Envelope is not null)
                        {
                            Dropped();
                        }

                        continue;
                    }

                    var payload = item.Envelope is null
                        ? RedisEnvelopeCodec.EncodeHeartbeat(_redis.NodeId, item.Sequence)
                        : RedisEnvelopeCodec.EncodeEvent(_redis.NodeId, item.Sequence, item.Envelope, item.InLine);
                    inFlight.Add(subscriber.PublishAsync(_channel, payload));
                    if (item.Envelope is not null)
                    {
                        Interlocked.Increment(ref _published);
                    }
                }

                try
                {
                    await Task.WhenAll(inFlight);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // Receivers see the hole in the sequence numbers and catch up.
                    LogDrops($"publishing failed ({ex.GetType().Name})");
                }

                inFlight.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private void Beat()
    {
        lock (_sequenceGate)
        {
            _buffer.Writer.TryWrite(new Outgoing(_sequence, null, false));
        }

        lock (_lastSeen)
        {
            var now = _clock.GetTimestamp();
            foreach (var gone in _lastSeen.Where(n => _clock.GetElapsedTime(n.Value.SeenAt, now) > ForgetNodeAfter).Select(n => n.Key).ToList())
            {
                _lastSeen.Remove(gone);
            }
        }
    }

    private void Receive(RedisValue value)
    {
        try
        {
            if (RedisEnvelopeCodec.Decode((ReadOnlyMemory<byte>)value) is not { } message || message.NodeId == _redis.NodeId)
            {
                return;
            }

            bool gap;
            lock (_lastSeen)
            {
                var expected = message.Kind == RedisEnvelopeCodec.Kind.Event ? 1 : 0;
                gap = _lastSeen.TryGetValue(message.NodeId, out var last) && message.Sequence > last.Sequence + expected;
                if (!_lastSeen.TryGetValue(message.NodeId, out last) || message.Sequence > last.Sequence)
                {
                    _lastSeen[message.NodeId] = (message.Sequence, _clock.GetTimestamp());
                }
            }

            if (gap)
            {
                Interlocked.Increment(ref _gaps);
                _logger.LogWarning("Redis: events of node {NodeId} were missed (sequence jumped to {Sequence}); local sockets catch up", message.NodeId, message.Sequence);
                CatchUpAll("missed_events");
            }

            if (message.Envelope is not { } envelope)
            {
                return;
            }

            Interlocked.Increment(ref _received);
            if (EventPosition.ChangesMembership(envelope.Type) && !_redis.Options.IgnoreRemoteInvalidations)
            {
                InvalidateRecipients(envelope);
            }

            _ordering.Arrive(envelope, message.Follows);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Redis: delivering an event from another node failed");
        }
    }

    private void OnRestored()
    {
        Interlocked.Increment(ref _gaps);
        lock (_lastSeen)
        {
            _lastSeen.Clear();
        }

        _ordering.Reset();
        foreach (var cache in Caches)
        {
            cache.InvalidateAll();
        }

        CatchUpAll("reconnected");
    }

    private IReadOnlyList<IRecipientCache> Caches => _caches ??= _services.GetServices<IRecipientCache>().ToList();

    private void InvalidateRecipients(RealtimeEnvelope envelope)
    {
        if (Caches.Count == 0)
        {
            return;
        }

        var subject = EventPosition.SubjectOf(envelope.Frame.Span);
        foreach (var cache in Caches)
        {
            if (subject is { IsRoom: false } conversation)
            {
                cache.Invalidate(conversation.Id);
            }
            else
            {
                cache.InvalidateAll(); // a room's change reaches its channels, which the event does not list
            }
        }
    }

    private void Dropped()
    {
        Interlocked.Increment(ref _dropped);
        LogDrops("the buffer is full or Redis is down");
    }

    private void LogDrops(string why)
    {
        var now = _clock.GetTimestamp();
        var last = Interlocked.Read(ref _lastDropLog);
        if (last == 0 || _clock.GetElapsedTime(last, now) >= TimeSpan.FromSeconds(10))
        {
            Interlocked.Exchange(ref _lastDropLog, now);
            _logger.LogWarning("Redis: events did not reach the other nodes: {Why}; {Dropped} so far. Their sockets catch up", why, Interlocked.Read(ref _dropped));
        }
    }

    private void CatchUp(Guid conversationId, IReadOnlyList<Guid> userIds)
    {
        var frame = new OutboundFrame(CatchUpFrame("missed_events", conversationId));
        foreach (var user in userIds)
        {
            foreach (var connection in _registry.ConnectionsOf(user))
            {
                connection.TryEnqueue(frame);
            }
        }
    }

    private void CatchUpAll(string reason)
    {
        var frame = new OutboundFrame(CatchUpFrame(reason, null));
        foreach (var connection in _registry.AllConnections())
        {
            connection.TryEnqueue(frame);
        }
    }

    /// <summary><c>{ "type": "catch_up", "reason": …, "conversationId"?: … }</c> (realtime.md).</summary>
    public static byte[] CatchUpFrame(string reason, Guid? conversationId)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "catch_up");
            writer.WriteString("reason", reason);
            if (conversationId is { } id)
            {
                writer.WriteString("conversationId", id);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private readonly record struct Outgoing(long Sequence, RealtimeEnvelope? Envelope, bool InLine);
}
