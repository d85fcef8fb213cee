namespace Chat.Infrastructure.Realtime;

/// <summary><c>Chat:Realtime</c>: the WebSocket's limits and timings (realtime.md).</summary>
public sealed class RealtimeOptions
{
    public const string Section = "Chat:Realtime";

    /// <summary>Sockets one user may hold at once; opening one more closes their oldest.</summary>
    public int MaxSocketsPerUser { get; set; } = 10;

    /// <summary>The server pings every this many seconds; a socket silent for three intervals is closed.</summary>
    public int HeartbeatSeconds { get; set; } = 30;

    /// <summary>
    /// Frames waiting to be written to one socket; a socket whose queue is full is closed with 1013 (a slow consumer:
    /// healthy readers stay far below it because senders are refused first, see <see cref="FanOutLagMilliseconds"/>).
    /// </summary>
    public int OutboundQueueCapacity { get; set; } = 2048;

    /// <summary>
    /// Keep each conversation's recipients in memory (kept in step by this node's membership changes). Set false when
    /// several nodes share one database without a scale-out bus that relays invalidations: recipients are then read from
    /// the database for every event.
    /// </summary>
    public bool CacheRecipients { get; set; } = true;

    /// <summary>New messages are refused (429 / <c>rate_limited</c>) while more events than this wait to be fanned out.</summary>
    public int FanOutBacklogLimit { get; set; } = 5000;

    /// <summary>
    /// New messages are refused while, over the last second, at least half of the event frames written to sockets had
    /// waited in their socket's queue longer than this (milliseconds) with a backlog behind them (<see cref="FanOutLagFrames"/>):
    /// the server is falling behind its readers.
    /// </summary>
    public int FanOutLagMilliseconds { get; set; } = 500;

    /// <summary>…counting a frame as late only when at least this many frames were still queued behind it on its socket.</summary>
    public int FanOutLagFrames { get; set; } = 100;

    /// <summary>Events that may wait to be fanned out (all queues together); past it an event is dropped and its recipients catch up.</summary>
    public int FanOutQueueCapacity { get; set; } = 100_000;

    /// <summary>
    /// Coalescing of large fan-outs, in milliseconds: after a fan-out round that published to at least
    /// <see cref="FanOutCoalesceRecipients"/> recipients, the next round of the same worker starts no sooner than this
    /// after it began, and takes every event that arrived meanwhile. A socket is then woken and written once for the
    /// frames of several events (one <c>sendmsg</c> instead of several): less CPU per delivery under sustained large
    /// fan-outs. The cost: an event whose worker's previous round (of any conversations sharing the worker) was large
    /// waits for about the rest of this window; nothing waits after a small round, and a backlog never waits (a round
    /// cut at its size limit with events still queued is followed at once). 0 turns it off.
    /// </summary>
    public int FanOutCoalesceMilliseconds { get; set; } = 10;

    /// <summary>…counting a round as large when it published to at least this many recipients (all its events and views).</summary>
    public int FanOutCoalesceRecipients { get; set; } = 200;

    /// <summary>The largest frame a client may send; a larger one closes the socket with 1009.</summary>
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>How long a conversation's event may wait for an earlier one still being published before it goes anyway.</summary>
    public int OrderingTimeoutMilliseconds { get; set; } = 2000;

    /// <summary>
    /// Flood control (realtime.md "Flood control"): the length of the window, in seconds, in which refused frames
    /// (<c>rate_limited</c>, <c>bad_frame</c>) are counted. A refused frame without a <c>ref</c> is answered only once per
    /// window; one with a <c>ref</c> always is.
    /// </summary>
    public int FloodWindowSeconds { get; set; } = 10;

    /// <summary>
    /// Refused frames one socket may send in one window; one more closes it with 1008 (policy violation). Default 200,
    /// well below <see cref="OutboundQueueCapacity"/>, so the answers to refused frames alone cannot fill the queue.
    /// </summary>
    public int FloodMaxRefusedFrames { get; set; } = 200;

    public TimeSpan FloodWindow => TimeSpan.FromSeconds(Math.Max(1, FloodWindowSeconds));

    /// <summary>This node's name in <c>/api/v1/admin/stats</c>; the machine name by default.</summary>
    public string? NodeName { get; set; }

    public TimeSpan Heartbeat => TimeSpan.FromSeconds(Math.Max(1, HeartbeatSeconds));

    public string Node => string.IsNullOrWhiteSpace(NodeName) ? Environment.MachineName : NodeName;
}
