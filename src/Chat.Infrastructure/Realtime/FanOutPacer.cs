namespace Chat.Infrastructure.Realtime;

/// <summary>
/// One fan-out worker's pacing (<see cref="RealtimeOptions.FanOutCoalesceMilliseconds"/>): after a large round, the next
/// round waits until the coalescing window since that round's start has passed. Times are <see cref="System.Diagnostics.Stopwatch"/>
/// timestamps; not thread-safe (one per worker loop).
/// </summary>
internal sealed class FanOutPacer(long windowTicks, int largeRoundRecipients)
{
    private long _lastLargeRoundStart = long.MinValue;

    /// <summary>How long, in timestamp ticks, a round about to start at <paramref name="now"/> should wait (0: none).</summary>
    public long HoldTicks(long now)
    {
        if (windowTicks <= 0 || _lastLargeRoundStart == long.MinValue)
        {
            return 0;
        }

        var since = now - _lastLargeRoundStart;
        return since >= windowTicks || since < 0 ? 0 : windowTicks - since;
    }

    /// <summary>
    /// A round that began at <paramref name="startedAt"/> published to <paramref name="recipients"/> recipients;
    /// <paramref name="backlogLeft"/>: it stopped at its size limit with events still queued. Those go at once: a
    /// backlog already gathers events into rounds, and holding it would cap the worker's rate.
    /// </summary>
    public void RoundDone(long startedAt, int recipients, bool backlogLeft = false) =>
        _lastLargeRoundStart = recipients >= largeRoundRecipients && !backlogLeft ? startedAt : long.MinValue;
}
