using Chat.Infrastructure.RateLimiting;
using Microsoft.Extensions.Configuration;

namespace Chat.Infrastructure.Tests.RateLimiting;

public sealed class LoginThrottleTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Failures_for_one_username_block_it_from_any_address_until_the_oldest_ages_out()
    {
        var throttle = Throttle(permitLimit: 3, windowSeconds: 60);

        throttle.RecordFailure("alice", "10.0.0.1");
        _clock.Advance(TimeSpan.FromSeconds(10));
        throttle.RecordFailure("alice", "10.0.0.2");
        throttle.RetryAfterSeconds("alice", "10.0.0.9").Should().BeNull("two failures are under the limit");
        _clock.Advance(TimeSpan.FromSeconds(10));
        throttle.RecordFailure("alice", "10.0.0.3");

        throttle.RetryAfterSeconds("alice", "10.0.0.9").Should().Be(40, "the first failure ages out 60 s after it happened");
        throttle.RetryAfterSeconds("bob", "10.0.0.9").Should().BeNull("another username from a clean address is not affected");

        _clock.Advance(TimeSpan.FromSeconds(39));
        throttle.RetryAfterSeconds("alice", "10.0.0.9").Should().Be(1);

        _clock.Advance(TimeSpan.FromSeconds(1));
        throttle.RetryAfterSeconds("alice", "10.0.0.9").Should().BeNull();
    }

    [Fact]
    public void Failures_from_one_address_block_it_for_every_username()
    {
        var throttle = Throttle(permitLimit: 3, windowSeconds: 60);

        throttle.RecordFailure("alice", "10.0.0.1");
        throttle.RecordFailure("bob", "10.0.0.1");
        throttle.RecordFailure("carol", "10.0.0.1");

        throttle.RetryAfterSeconds("dave", "10.0.0.1").Should().Be(60);
        throttle.RetryAfterSeconds("alice", "10.0.0.2").Should().BeNull("alice herself failed only once");

        _clock.Advance(TimeSpan.FromSeconds(60));
        throttle.RetryAfterSeconds("dave", "10.0.0.1").Should().BeNull();
    }

    [Fact]
    public void A_successful_login_clears_the_username_but_not_the_address()
    {
        var throttle = Throttle(permitLimit: 2, windowSeconds: 60);
        throttle.RecordFailure("alice", "10.0.0.1");
        throttle.RecordFailure("alice", "10.0.0.1");

        throttle.RecordSuccess("alice");

        throttle.RetryAfterSeconds("alice", "10.0.0.2").Should().BeNull();
        throttle.RetryAfterSeconds("alice", "10.0.0.1").Should().Be(60);
    }

    [Fact]
    public void The_default_policy_allows_ten_failures_per_fifteen_minutes()
    {
        var throttle = new LoginThrottle(new RateLimitPolicies(new ConfigurationBuilder().Build()), _clock);

        for (var i = 0; i < 9; i++)
        {
            throttle.RecordFailure("alice", null);
        }

        throttle.RetryAfterSeconds("alice", null).Should().BeNull();
        throttle.RecordFailure("alice", null);
        throttle.RetryAfterSeconds("alice", null).Should().Be(15 * 60);
    }

    [Fact]
    public void A_permit_limit_of_zero_turns_the_throttle_off()
    {
        var throttle = Throttle(permitLimit: 0, windowSeconds: 60);

        for (var i = 0; i < 50; i++)
        {
            throttle.RecordFailure("alice", "10.0.0.1");
        }

        throttle.RetryAfterSeconds("alice", "10.0.0.1").Should().BeNull();
    }

    private LoginThrottle Throttle(int permitLimit, int windowSeconds) =>
        new(TestPolicies.With(RateLimitPolicies.Login, permitLimit, windowSeconds), _clock);
}
