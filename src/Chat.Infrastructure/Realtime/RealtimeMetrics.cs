using Chat.Application.Common.Interfaces;

namespace Chat.Infrastructure.Realtime;

/// <summary>
/// This node's live numbers for <c>/api/v1/admin/stats</c>: sockets and online users from the registry, and chat messages
/// per second (<c>new_message</c> events published here, averaged over the last <see cref="WindowSeconds"/> seconds).
/// </summary>
public sealed class RealtimeMetrics(ConnectionRegistry registry, RealtimeOptions options, TimeProvider clock) : IRealtimeStatistics
{
    public const int WindowSeconds = 10;

    private readonly long[] _bucketSecond = new long[WindowSeconds + 1];
    private readonly long[] _bucketCount = new long[WindowSeconds + 1];
    private readonly Lock _gate = new();
    private long _framesWritten;

    public long FramesWritten => Interlocked.Read(ref _framesWritten);

    public void EventPublished(string type)
    {
        if (type != "new_message")
        {
            return;
        }

        var second = clock.GetUtcNow().ToUnixTimeSeconds();
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

    public void FrameWritten() => Interlocked.Increment(ref _framesWritten);

    public RealtimeStatistics Snapshot()
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
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

        return new RealtimeStatistics(registry.ConnectionCount, registry.OnlineUserCount, Math.Round((double)total / WindowSeconds, 2), options.Node);
    }
}
