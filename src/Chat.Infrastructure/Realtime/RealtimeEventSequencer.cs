using System.Collections.Concurrent;
using Chat.Application.Common.Events;
using Microsoft.Extensions.Logging;

namespace Chat.Infrastructure.Realtime;

/// <summary>
/// Hands each conversation's ordered events (positions = conversation versions) to the bus in position order, even
/// when the requests that committed them publish in another order.
/// </summary>
/// <remarks>
/// <para>Why it is exact: a change reserves its position (<see cref="Reserve"/>) before it commits, and a later change
/// to the same conversation can only compute its position after the earlier one committed, so it reserves later. An
/// event is therefore held exactly while an earlier position of its conversation is reserved and not yet released
/// (released = that change's events have been handed on, or it rolled back).</para>
/// <para>Bounded: an event never waits longer than <see cref="RealtimeOptions.OrderingTimeoutMilliseconds"/>; past that,
/// the reservations blocking it are abandoned (logged) and it goes out.</para>
/// <para>Memory: a conversation's entry exists only while something is reserved or held, and is removed when empty.</para>
/// </remarks>
public sealed class RealtimeEventSequencer : IEventOrdering, IDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<Guid, StreamState> _streams = new();
    private readonly IRealtimeBus _bus;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _timeout;
    private readonly ILogger<RealtimeEventSequencer> _logger;
    private readonly ITimer _sweeper;
    private int _heldCount;

    public RealtimeEventSequencer(IRealtimeBus bus, RealtimeOptions options, TimeProvider clock, ILogger<RealtimeEventSequencer> logger)
    {
        _bus = bus;
        _clock = clock;
        _timeout = TimeSpan.FromMilliseconds(Math.Max(1, options.OrderingTimeoutMilliseconds));
        _logger = logger;
        _sweeper = clock.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    /// <summary>Events currently held back (for tests and diagnostics).</summary>
    public int HeldCount => Volatile.Read(ref _heldCount);

    /// <summary>Conversations with something reserved or held.</summary>
    public int ActiveStreamCount => _streams.Count;

    public IDisposable Reserve(Guid streamId, long position)
    {
        var reservation = new Reservation(this, streamId, position);
        while (true)
        {
            var state = _streams.GetOrAdd(streamId, _ => new StreamState());
            lock (state)
            {
                if (state.Removed)
                {
                    continue;
                }

                state.Pending.Add(reservation);
                return reservation;
            }
        }
    }

    /// <summary>Publishes <paramref name="envelope"/> now, or once every earlier reserved position of its stream has been released.</summary>
    public void Submit(Guid streamId, long position, RealtimeEnvelope envelope) => SubmitItem(streamId, position, envelope);

    /// <summary>Runs <paramref name="start"/> (which must not block: it queues work) now, or once every earlier reserved position of its stream has been released.</summary>
    public void Submit(Guid streamId, long position, Action start) => SubmitItem(streamId, position, start);

    private void SubmitItem(Guid streamId, long position, object envelope)
    {
        while (true)
        {
            if (!_streams.TryGetValue(streamId, out var state))
            {
                Go(envelope); // nothing reserved or held in this conversation
                return;
            }

            lock (state)
            {
                if (state.Removed)
                {
                    continue;
                }

                if ((state.Held.Count == 0 || state.Held[0].Position > position) && !state.HasPendingBelow(position))
                {
                    Go(envelope);
                    return;
                }

                var index = state.Held.FindIndex(h => h.Position > position);
                state.Held.Insert(index < 0 ? state.Held.Count : index, new HeldEvent(position, envelope, _clock.GetTimestamp()));
                Interlocked.Increment(ref _heldCount);
                return;
            }
        }
    }

    public void Dispose() => _sweeper.Dispose();

    private void Release(Reservation reservation)
    {
        if (!_streams.TryGetValue(reservation.StreamId, out var state))
        {
            return;
        }

        lock (state)
        {
            if (state.Pending.Remove(reservation))
            {
                Flush(reservation.StreamId, state);
            }
        }
    }

    // Under the state's lock: sends every held event no longer blocked, then drops the entry when it is empty.
    private void Flush(Guid streamId, StreamState state)
    {
        while (state.Held.Count > 0 && !state.HasPendingBelow(state.Held[0].Position))
        {
            var next = state.Held[0];
            state.Held.RemoveAt(0);
            Interlocked.Decrement(ref _heldCount);
            Go(next.Envelope);
        }

        if (state.Pending.Count == 0 && state.Held.Count == 0)
        {
            state.Removed = true;
            _streams.TryRemove(new KeyValuePair<Guid, StreamState>(streamId, state));
        }
    }

    private void Sweep()
    {
        if (Volatile.Read(ref _heldCount) == 0)
        {
            return;
        }

        foreach (var (streamId, state) in _streams)
        {
            lock (state)
            {
                if (state.Removed)
                {
                    continue;
                }

                var overdue = state.Held.Where(h => _clock.GetElapsedTime(h.HeldAt) >= _timeout).Select(h => (long?)h.Position).Max();
                if (overdue is null)
                {
                    continue;
                }

                var abandoned = state.Pending.RemoveAll(r => r.Position < overdue.Value);
                _logger.LogWarning(
                    "Conversation {ConversationId}: event at version {Position} waited {TimeoutMs} ms for {Count} earlier change(s); sending it anyway",
                    streamId, overdue.Value, _timeout.TotalMilliseconds, abandoned);
                Flush(streamId, state);
            }
        }
    }

    private sealed class StreamState
    {
        public List<Reservation> Pending { get; } = [];

        public List<HeldEvent> Held { get; } = [];

        public bool Removed { get; set; }

        public bool HasPendingBelow(long position)
        {
            foreach (var reservation in Pending)
            {
                if (reservation.Position < position)
                {
                    return true;
                }
            }

            return false;
        }
    }

    // An envelope is published on the bus; an action (the fan-out's) is started.
    private void Go(object item)
    {
        if (item is RealtimeEnvelope envelope)
        {
            _bus.Publish(envelope);
        }
        else
        {
            ((Action)item)();
        }
    }

    private sealed record HeldEvent(long Position, object Envelope, long HeldAt);

    private sealed class Reservation(RealtimeEventSequencer owner, Guid streamId, long position) : IDisposable
    {
        private int _released;

        public Guid StreamId { get; } = streamId;

        public long Position { get; } = position;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(this);
            }
        }
    }
}
