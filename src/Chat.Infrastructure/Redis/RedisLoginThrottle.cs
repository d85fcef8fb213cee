using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.RateLimiting;
using StackExchange.Redis;

namespace Chat.Infrastructure.Redis;

/// <summary>
/// <see cref="LoginThrottle"/>'s rules (growing delays per account-and-address pair, a hard limit per address) with the
/// failures counted in Redis, so an attacker gains nothing by spreading guesses over the nodes. Failures are sorted sets
/// of timestamps (Redis's clock), trimmed to the window and to what the rules look at. While Redis is away, each node
/// counts for itself.
/// </summary>
internal sealed class RedisLoginThrottle(RedisConnection redis, RateLimitPolicies policies, LoginThrottle local) : ILoginThrottle
{
    private const int GrowthSteps = 16;

    // KEYS: pair, address. ARGV: window ms. Answers { now, pair count, pair newest, address count, address oldest }.
    private const string ReadScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local answer = { now }
        for i = 1, #KEYS do
          redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - tonumber(ARGV[1]))
          local count = redis.call('ZCARD', KEYS[i])
          local edge = 0
          if count > 0 then
            local pick = redis.call('ZRANGE', KEYS[i], i == 1 and -1 or 0, i == 1 and -1 or 0, 'WITHSCORES')
            edge = tonumber(pick[2])
          end
          answer[#answer + 1] = count
          answer[#answer + 1] = edge
        end
        return answer
        """;

    // KEYS: pair, address (optional). ARGV: window ms, keep for pair, keep for address, a unique suffix.
    private const string RecordScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        for i = 1, #KEYS do
          redis.call('ZADD', KEYS[i], now, now .. ':' .. ARGV[4])
          redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - tonumber(ARGV[1]))
          redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -(tonumber(ARGV[i + 1]) + 1))
          redis.call('PEXPIRE', KEYS[i], ARGV[1])
        end
        return 1
        """;

    private RateLimitPolicy Policy => policies[RateLimitPolicies.Login];

    private int AddressLimit => policies.Setting(RateLimitPolicies.Login, "AddressPermitLimit") is { } configured and > 0
        ? configured
        : Policy.PermitLimit * 10;

    public int? RetryAfterSeconds(string normalizedUsername, string? clientAddress)
    {
        var policy = Policy;
        if (!policy.Enabled)
        {
            return null;
        }

        var keys = Keys(normalizedUsername, clientAddress);
        var answer = redis.Bounded("reading login failures", async db => (long[]?)await db.ScriptEvaluateAsync(ReadScript, keys, [(long)policy.Window.TotalMilliseconds]));
        if (answer is null)
        {
            return local.RetryAfterSeconds(normalizedUsername, clientAddress);
        }

        var now = answer[0];
        var waitMs = 0L;
        if (answer[1] >= policy.PermitLimit)
        {
            var steps = (int)Math.Min(GrowthSteps, answer[1] - policy.PermitLimit);
            var delay = Math.Min((long)policy.Window.TotalMilliseconds, (long)LoginThrottle.FirstDelay.TotalMilliseconds << steps);
            waitMs = answer[2] + delay - now;
        }

        if (keys.Length > 1 && answer[3] >= AddressLimit)
        {
            waitMs = Math.Max(waitMs, answer[4] + (long)policy.Window.TotalMilliseconds - now);
        }

        return waitMs > 0 ? Math.Max(1, (int)Math.Ceiling(waitMs / 1000.0)) : null;
    }

    public void RecordFailure(string normalizedUsername, string? clientAddress)
    {
        var policy = Policy;
        if (!policy.Enabled)
        {
            return;
        }

        var done = redis.Bounded("recording a login failure", async db => (bool?)((long)await db.ScriptEvaluateAsync(
            RecordScript, Keys(normalizedUsername, clientAddress),
            [(long)policy.Window.TotalMilliseconds, policy.PermitLimit + GrowthSteps, AddressLimit, Guid.NewGuid().ToString("N")]) == 1));
        if (done != true)
        {
            local.RecordFailure(normalizedUsername, clientAddress);
        }
    }

    public void RecordSuccess(string normalizedUsername, string? clientAddress)
    {
        local.RecordSuccess(normalizedUsername, clientAddress);
        redis.Bounded("clearing login failures", db => db.KeyDeleteAsync(Keys(normalizedUsername, clientAddress)[0]));
    }

    private RedisKey[] Keys(string normalizedUsername, string? clientAddress) => string.IsNullOrEmpty(clientAddress)
        ? [redis.Key($"login:pair:{normalizedUsername}|")]
        : [redis.Key($"login:pair:{normalizedUsername}|{clientAddress}"), redis.Key($"login:addr:{clientAddress}")];
}
