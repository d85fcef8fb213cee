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
/// <para>An event at or below the last delivered version goes out at once (another view of the same change, or a late
/// one): never dropped, since a client's catch-up is keyed on versions it has applied.</para>
/// <para><b>The first event of a conversation</b> this node sees does not say whether its predecessor is still on its
/// way (three nodes sending into a quiet group at once: node C may see B's v3 before A's v1 and v2). It starts the
/// conversation here when it cannot have a predecessor in flight: it is version 1; or its publisher had already
/// delivered the version before it when it published it (<c>follows</c>: the predecessor then came through Redis
/// earlier, and Redis keeps the order); or this node has listened longer than <see cref="Horizon"/> (a conversation it
/// has not heard of in that time was quiet). Otherwise it is held like any early event — until its predecessor starts
/// the conversation, or the timeout, after which it goes out without <c>catch_up</c> (nothing says anything was
/// missed). Entries idle for <see cref="Horizon"/> are forgotten. <see cref="Reset"/> forgets everything, after a Redis
/// reconnect: every socket is told to catch up then, so each conversation simply starts again at its next event.</para>
/// </remarks>
public sealed class CrossNodeOrdering : IDisposable
{
    /// <summary>How long a quiet conversation is remembered, and how long a node listens before it knows every active one.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SweepIdleEvery = TimeSpan.FromMinutes(1);

    private readonly Dictionary<Guid, Stream> _streams = [];
    private readonly Lock _gate = new();
    private readonly Action<RealtimeEnvelope> _deliver;
    private readonly Action<Guid, IReadOnlyList<Guid>> _catchUp;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly ITimer _sweeper;
    private long _lastIdleSweep;
    private long _listeningSince;
    private bool _resetOnce;
    private int _held;

    public CrossNodeOrdering(Action<RealtimeEnvelope> deliver, Action<Guid, IReadOnlyList<Guid>> catchUp, TimeSpan timeout, TimeProvider clock, ILogger logger)
    {
        _deliver = deliver;
        _catchUp = catchUp;
        _timeout = timeout;
        _clock = clock;
        _logger = logger;
        _lastIdleSweep = clock.GetTimestamp();
        _listeningSince = _lastIdleSweep;
        _sweeper = clock.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    /// <summary>Events held back now (diagnostics and tests).</summary>
    public int HeldCount => Volatile.Read(ref _held);

    /// <summary>
    /// Delivers an envelope now or once its conversation's earlier versions have gone out (or waited long enough).
    /// <paramref name="follows"/>: its publisher had delivered the previous version before publishing it (the Redis
    /// envelope's flag). True when it went out at once in line, the flag this node sets on the events it publishes.
    /// </summary>
    public bool Arrive(RealtimeEnvelope envelope, bool follows)
    {
        if (!EventPosition.IsOrdered(envelope.Type) || EventPosition.Of(envelope.Frame.Span) is not { } position)
        {
            _deliver(envelope);
            return true;
        }

        lock (_gate)
        {
            var now = _clock.GetTimestamp();
            var starts = position.Version == 1 || follows;
            if (!_streams.TryGetValue(position.Conversation, out var stream))
            {
                stream = new Stream { TouchedAt = now };
                _streams[position.Conversation] = stream;
                starts |= _resetOnce || _clock.GetElapsedTime(_listeningSince, now) >= Horizon;
            }

            stream.TouchedAt = now;
            if (!stream.Started)
            {
                if (!starts)
                {
                    Hold(stream, position.Version, envelope, now);
                    return false;
                }

                // Held predecessors reached this node before it (Redis keeps the order): they go first.
                while (stream.Held.Count > 0 && stream.Held[0].Version < position.Version)
                {
                    Release(stream, announce: false);
                }

                stream.Started = true;
                stream.Last = position.Version;
                _deliver(envelope);
                Flush(stream, force: false);
                return true;
            }

            if (position.Version > stream.Last + 1)
            {
                Hold(stream, position.Version, envelope, now);
                return false;
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
            return true;
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
            _resetOnce = true;
        }
    }

    public void Dispose() => _sweeper.Dispose();

    // Under the lock: sends held events that are next in line (or all of them when forced).
    private void Flush(Stream stream, bool force, bool announce = true)
    {
        while (stream.Held.Count > 0 && (force || (stream.Started && stream.Held[0].Version <= stream.Last + 1)))
        {
            Release(stream, announce);
        }
    }

    // Under the lock: sends the first held event; a gap before it in a started conversation is announced.
    private void Release(Stream stream, bool announce)
    {
        var next = stream.Held[0];
        stream.Held.RemoveAt(0);
        _held--;
        if (announce && stream.Started && next.Version > stream.Last + 1 && EventPosition.Of(next.Envelope.Frame.Span) is { } position)
        {
            _catchUp(position.Conversation, next.Envelope.UserIds);
        }

        stream.Last = stream.Started ? Math.Max(stream.Last, next.Version) : next.Version;
        stream.Started = true;
        _deliver(next.Envelope);
    }

    private void Hold(Stream stream, long version, RealtimeEnvelope envelope, long now)
    {
        var index = stream.Held.FindIndex(h => h.Version > version);
        stream.Held.Insert(index < 0 ? stream.Held.Count : index, new Held(version, envelope, now));
        _held++;
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
                        // Any held event past the timeout, not only the lowest (an earlier version may have joined it later).
                        if (stream.Held.Exists(h => _clock.GetElapsedTime(h.HeldAt, now) >= _timeout))
                        {
                            if (stream.Started)
                            {
                                _logger.LogWarning(
                                    "Conversation {ConversationId}: version {Version} waited {TimeoutMs} ms for version {Missing} from another node; its recipients catch up",
                                    conversation, stream.Held[0].Version, _timeout.TotalMilliseconds, stream.Last + 1);
                            }
                            else
                            {
                                _logger.LogInformation(
                                    "Conversation {ConversationId}: its first version seen here, {Version}, waited {TimeoutMs} ms for an earlier one; it starts here",
                                    conversation, stream.Held[0].Version, _timeout.TotalMilliseconds);
                            }

                            Flush(stream, force: true);
                        }
                    }
                }

                if (_clock.GetElapsedTime(_lastIdleSweep) >= SweepIdleEvery)
                {
                    _lastIdleSweep = now;
                    foreach (var idle in _streams.Where(s => s.Value.Held.Count == 0 && _clock.GetElapsedTime(s.Value.TouchedAt) >= Horizon).Select(s => s.Key).ToList())
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
        /// <summary>False until the conversation's first event goes out here (until then <see cref="Last"/> means nothing).</summary>
        public bool Started { get; set; }

        public long Last { get; set; }

        public long TouchedAt { get; set; }

        public List<Held> Held { get; } = [];
    }

    private sealed record Held(long Version, RealtimeEnvelope Envelope, long HeldAt);
}
