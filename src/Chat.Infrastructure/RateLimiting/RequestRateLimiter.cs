using System.Threading.RateLimiting;
using Chat.Application.Common.Interfaces;

namespace Chat.Infrastructure.RateLimiting;

/// <summary>
/// Per-caller token buckets for the policies that guard MediatR commands, so REST and the socket share them.
/// Tokens come back one at a time (a window's worth spread over the window); idle buckets are dropped by the limiter.
/// </summary>
internal sealed class RequestRateLimiter(RateLimitPolicies policies) : IRequestRateLimiter, IDisposable
{
    private readonly PartitionedRateLimiter<(string Policy, string Key)> _limiter = PartitionedRateLimiter.Create<(string Policy, string Key), (string, string)>(
        request =>
        {
            var policy = policies[request.Policy];
            if (!policy.Enabled)
            {
                return RateLimitPartition.GetNoLimiter(request);
            }

            return RateLimitPartition.GetTokenBucketLimiter(request, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = policy.PermitLimit,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = policy.Window / policy.PermitLimit,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });

    public int? TryAcquire(string policy, string partitionKey)
    {
        using var lease = _limiter.AttemptAcquire((policy, partitionKey));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : Math.Max(1, (int)Math.Ceiling(policies[policy].Window.TotalSeconds / policies[policy].PermitLimit));
    }

    public void Dispose() => _limiter.Dispose();
}
