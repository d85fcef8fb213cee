using Chat.Infrastructure.RateLimiting;

namespace Chat.Infrastructure.Tests.RateLimiting;

/// <summary>
/// Token buckets refill on the real clock (one token per window / limit), so the windows here are long enough that
/// no token comes back while a test runs.
/// </summary>
public sealed class RequestRateLimiterTests
{
    [Fact]
    public void Requests_are_refused_once_the_bucket_is_empty_with_the_time_until_the_next_token()
    {
        using var limiter = new RequestRateLimiter(TestPolicies.With(RateLimitPolicies.SendMessage, permitLimit: 3, windowSeconds: 3_000));

        limiter.TryAcquire(RateLimitPolicies.SendMessage, "alice").Should().BeNull();
        limiter.TryAcquire(RateLimitPolicies.SendMessage, "alice").Should().BeNull();
        limiter.TryAcquire(RateLimitPolicies.SendMessage, "alice").Should().BeNull();

        limiter.TryAcquire(RateLimitPolicies.SendMessage, "alice").Should().Be(1_000, "one token comes back every 3000 s / 3");
    }

    [Fact]
    public void Each_caller_and_each_policy_has_its_own_bucket()
    {
        using var limiter = new RequestRateLimiter(TestPolicies.With(RateLimitPolicies.SendMessage, permitLimit: 1, windowSeconds: 600));
        limiter.TryAcquire(RateLimitPolicies.SendMessage, "alice").Should().BeNull();
        limiter.TryAcquire(RateLimitPolicies.SendMessage, "alice").Should().Be(600);

        limiter.TryAcquire(RateLimitPolicies.SendMessage, "bob").Should().BeNull();
        limiter.TryAcquire(RateLimitPolicies.CreateConversation, "alice").Should().BeNull();
    }

    [Fact]
    public void A_permit_limit_of_zero_turns_the_policy_off()
    {
        using var limiter = new RequestRateLimiter(TestPolicies.With(RateLimitPolicies.SendMessage, permitLimit: 0, windowSeconds: 10));

        Enumerable.Range(0, 100).Select(_ => limiter.TryAcquire(RateLimitPolicies.SendMessage, "alice")).Should().AllSatisfy(r => r.Should().BeNull());
    }
}
