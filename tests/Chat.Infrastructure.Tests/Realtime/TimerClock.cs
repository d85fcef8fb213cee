namespace Chat.Infrastructure.Tests.Realtime;

/// <summary>A clock that moves only when a test moves it (like <see cref="Tests.ManualClock"/>), with timestamps and timers that fire when it passes their due time.</summary>
internal sealed class TimerClock(DateTimeOffset start) : TimeProvider
{
    private readonly List<SteppedTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _now.UtcTicks;

    public void Advance(TimeSpan by)
    {
        _now += by;
        foreach (var timer in _timers.ToList())
        {
            timer.FireIfDue(_now);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SteppedTimer(this, callback, state, _now + dueTime, period);
        _timers.Add(timer);
        return timer;
    }

    private sealed class SteppedTimer(TimerClock clock, TimerCallback callback, object? state, DateTimeOffset due, TimeSpan period) : ITimer
    {
        private DateTimeOffset _due = due;
        private TimeSpan _period = period;

        public void FireIfDue(DateTimeOffset now)
        {
            if (now < _due)
            {
                return;
            }

            _due = _period > TimeSpan.Zero ? now + _period : DateTimeOffset.MaxValue;
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _due = clock.GetUtcNow() + dueTime;
            _period = period;
            return true;
        }

        public void Dispose() => clock._timers.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
