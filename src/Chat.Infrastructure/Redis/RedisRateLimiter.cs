using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.RateLimiting;
using StackExchange.Redis;

namespace Chat.Infrastructure.Redis;

/// <summary>
/// The per-user token buckets of <see cref="RequestRateLimiter"/>, kept in Redis so a user's sends count on every node
/// together: one script per request refills the bucket by the time passed (Redis's own clock) and takes a token. While
/// Redis is away (or slow), each node counts for itself.
/// </summary>
internal sealed class RedisRateLimiter(RedisConnection redis, RateLimitPolicies policies, RequestRateLimiter local) : IRequestRateLimiter
{
    // KEYS[1] bucket; ARGV: capacity, tokens per ms, expiry ms. Answers -1 when granted, else the ms until a token.
    private const string TakeScript = """
        local capacity = tonumber(ARGV[1])
        local rate = tonumber(ARGV[2])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
        local tokens = tonumber(state[1]) or capacity
        local ts = tonumber(state[2]) or now
        tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)
        local answer = -1
        if tokens >= 1 then tokens = tokens - 1 else answer = math.ceil((1 - tokens) / rate) end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return answer
        """;

    public int? TryAcquire(string policy, string partitionKey)
    {
        var rule = policies[policy];
        if (!rule.Enabled)
        {
            return null;
        }

        var windowMs = rule.Window.TotalMilliseconds;
        var result = redis.Bounded("counting a rate limit", db => db.ScriptEvaluateAsync(
            TakeScript,
            [redis.Key($"rate:{policy}:{partitionKey}")],
            [rule.PermitLimit, rule.PermitLimit / windowMs, (long)windowMs]));
        if (result is null)
        {
            return local.TryAcquire(policy, partitionKey);
        }

        var waitMs = (long)result;
        return waitMs < 0 ? null : Math.Max(1, (int)Math.Ceiling(waitMs / 1000.0));
    }
}
