namespace Chat.Infrastructure.Redis;

/// <summary>
/// <c>Chat:Redis</c>: several nodes as one (docs/scale-out.md). Unset <see cref="Configuration"/> = one node, no Redis.
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "Chat:Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c> or
    /// <c>redis.internal:6380,password=…,ssl=true,sslHost=redis.internal</c>. Empty: scale-out is off.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key and channel, so several deployments can share one Redis.</summary>
    public string Prefix { get; set; } = "chat";

    /// <summary>
    /// Seconds after which a silent node counts as dead and its users' presence ends (default 30). Nodes beat every
    /// sixth of it; a survivor notices a node silent for two thirds of it at its next beat.
    /// </summary>
    public int NodeTimeoutSeconds { get; set; } = 30;

    /// <summary>Events waiting to be published to Redis; beyond it an event reaches other nodes only through their catch-up.</summary>
    public int PublishBufferCapacity { get; set; } = 10_000;

    /// <summary>
    /// Milliseconds a request waits for Redis (ticket, rate limit, presence) before it answers from this node alone and
    /// stops asking Redis for <see cref="BackoffSeconds"/> (a paused Redis must not slow requests down).
    /// </summary>
    public int RequestTimeoutMilliseconds { get; set; } = 250;

    /// <summary>Seconds requests stop asking Redis after it failed or was slow; the connection keeps reconnecting meanwhile.</summary>
    public int BackoffSeconds { get; set; } = 5;

    /// <summary>
    /// Fault injection for tests (default false): this node ignores the membership events of other nodes for its
    /// recipient cache, as if their invalidation were delayed forever. Delivery is unchanged and recipients stay exact
    /// (the membership version gate, docs/scale-out.md); only the cache's hit rate suffers. Never set it in production.
    /// </summary>
    public bool IgnoreRemoteInvalidations { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);

    public TimeSpan NodeTimeout => TimeSpan.FromSeconds(Math.Max(3, NodeTimeoutSeconds));

    public TimeSpan HeartbeatInterval => NodeTimeout / 6;
}
