using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Chat.Infrastructure.Redis;

/// <summary>
/// <c>/health/ready</c> with Redis configured: Healthy while Redis answers, else <b>Degraded</b> with the reason — still
/// 200, because every node loses the same Redis at once and a 503 would take all of them out of the load balancer while
/// each can still serve REST and its own sockets. Logs only changes.
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection redis, ILogger<RedisHealthCheck> logger) : IHealthCheck
{
    private int _degraded = -1;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problem = redis.Problem;
        if (Interlocked.Exchange(ref _degraded, problem is null ? 0 : 1) != (problem is null ? 0 : 1))
        {
            if (problem is null)
            {
                logger.LogInformation("Readiness: Redis answers; this node is one of many again");
            }
            else
            {
                logger.LogWarning("Readiness: degraded; {Reason}. REST and this node's sockets keep working", problem);
            }
        }

        return Task.FromResult(problem is null
            ? HealthCheckResult.Healthy("Redis answers")
            : HealthCheckResult.Degraded($"redis: {problem}; events reach only this node's sockets (others catch up later), tickets and rate limits are per node"));
    }
}
