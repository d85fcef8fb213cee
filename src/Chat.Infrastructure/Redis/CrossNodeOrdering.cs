using Chat.Infrastructure.Realtime;
using Microsoft.Extensions.Logging;

namespace Chat.Infrastructure.Redis;

/// <summary>
/// Keeps each conversation's message events in <c>version</c> order on this node when they come from several nodes:
/// node A's v5 may reach node C after node B's v6. An event more than one version ahead of the last one delivered here
/// is held until the missing versions arrive, at most <see cref="RealtimeOptions.OrderingTimeoutMilliseconds"/>; then
/// its recipients get <c>catch_up</c> for the conversation (they fetch <c>/changes</c>) and the held events go out.
/// </summary>
/// <remarks>
/// An event at or below the last delivered version goes out at once (another view of the same change, or a late
/// one): never dropped, since a client's catch-up is keyed on versions it has applied. A conversation seen for the first
/// time starts at whatever version arrives. Entries idle for <see cref="IdleAfter"/> are forgotten; <see cref="Reset"/>
/// forgets everything (after a Redis reconnect, when every socket is told to catch up anyway).
/// </remarks>
public sealed class CrossNodeOrdering : IDisposable
{
    private static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<Guid, Stream> _streams = [];
    private readonly Lock _gate = new();
    private readonly Action<RealtimeEnvelope> _deliver;
    private readonly Action<Guid, IReadOnlyList<Guid>> _catchUp;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly ITimer _sweeper;
    private long _lastIdleSweep;
    private int _held;

    public CrossNodeOrdering(Action<RealtimeEnvelope> deliver, Action<Guid, IReadOnlyList<Guid>> catchUp, TimeSpan timeout, TimeProvider clock, ILogger logger)
    {
        _deliver = deliver;
        _catchUp = catchUp;
        _timeout = timeout;
        _clock = clock;
        _logger = logger;
        _lastIdleSweep = clock.GetTimestamp();
        _sweeper = clock.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    /// <summary>Events held back now (diagnostics and tests).</summary>
    public int HeldCount => Volatile.Read(ref _held);

    /// <summary>Delivers an envelope now or once its conversation's earlier versions have gone out (or waited long enough).</summary>
    public void Arrive(RealtimeEnvelope envelope)
    {
        if (!EventPosition.IsOrdered(envelope.Type) || EventPosition.Of(envelope.Frame.Span) is not { } position)
        {
            _deliver(envelope);
            return;
        }

        lock (_gate)
        {
            var now = _clock.GetTimestamp();
            if (!_streams.TryGetValue(position.Conversation, out var stream))
            {
                _streams[position.Conversation] = new Stream { Last = position.Version, TouchedAt = now };
                _deliver(envelope);
                return;
            }

            stream.TouchedAt = now;
            if (position.Version > stream.Last + 1)
            {
                var index = stream.Held.FindIndex(h => h.Version > position.Version);
                stream.Held.Insert(index < 0 ? stream.Held.Count : index, new Held(position.Version, envelope, now));
                _held++;
                return;
            }

            if (position.Version < stream.Last)
            {
                _logger.LogWarning(
                    "Conversation {ConversationId}: version {Version} arrived after version {Last} had gone out; its recipients catch up",
                    position.Conversation, position.Version, stream.Last);
                _catchUp(position.Conversation, envelope.UserIds);
            }

            stream.Last = Math.Max(stream.Last, position.Version);
            _deliver(envelope);
            Flush(stream, force: false);
        }
    }

    /// <summary>Forgets every conversation's position and sends what is held.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            foreach (var stream in _streams.Values)
            {
                Flush(stream, force: true, announce: false);
            }

            _streams.Clear();
        }
    }

    public void Dispose() => _sweeper.Dispose();

    // Under the lock: sends held events that are next in line (or all of them when forced).
    private void Flush(Stream stream, bool force, bool announce = true)
    {
        while (stream.Held.Count > 0 && (force || stream.Held[0].Version <= stream.Last + 1))
        {
            var next = stream.Held[0];
            stream.Held.RemoveAt(0);
            _held--;
            if (announce && next.Version > stream.Last + 1 && EventPosition.Of(next.Envelope.Frame.Span) is { } position)
            {
                _catchUp(position.Conversation, next.Envelope.UserIds);
            }

            stream.Last = Math.Max(stream.Last, next.Version);
            _deliver(next.Envelope);
        }
    }

    private void Sweep()
    {
        try
        {
            lock (_gate)
            {
                var now = _clock.GetTimestamp();
                if (_held > 0)
                {
                    foreach (var (conversation, stream) in _streams)
                    {
                        if (stream.Held.Count > 0 && _clock.GetElapsedTime(stream.Held[0].HeldAt) >= _timeout)
                        {
                            _logger.LogWarning(
                                "Conversation {ConversationId}: version {Version} waited {TimeoutMs} ms for version {Missing} from another node; its recipients catch up",
                                conversation, stream.Held[0].Version, _timeout.TotalMilliseconds, stream.Last + 1);
                            Flush(stream, force: true);
                        }
                    }
                }

                if (_clock.GetElapsedTime(_lastIdleSweep) >= IdleAfter)
                {
                    _lastIdleSweep = now;
                    foreach (var idle in _streams.Where(s => s.Value.Held.Count == 0 && _clock.GetElapsedTime(s.Value.TouchedAt) >= IdleAfter).Select(s => s.Key).ToList())
                    {
                        _streams.Remove(idle);
                    }
                }
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Cross-node ordering sweep failed");
        }
    }

    private sealed class Stream
    {
        public long Last { get; set; }

        public long TouchedAt { get; set; }

        public List<Held> Held { get; } = [];
    }

    private sealed record Held(long Version, RealtimeEnvelope Envelope, long HeldAt);
}
