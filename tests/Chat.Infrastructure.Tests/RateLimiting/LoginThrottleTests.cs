using Chat.Infrastructure.RateLimiting;
using Microsoft.Extensions.Configuration;

namespace Chat.Infrastructure.Tests.RateLimiting;

/// <summary>Issue 10 §5: throttle per account-and-address with growing delays, a higher per-address limit, never the owner from elsewhere.</summary>
public sealed class LoginThrottleTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Failures_for_an_account_from_one_address_slow_that_pair_with_growing_delays_and_never_the_owner_elsewhere()
    {
        var throttle = Throttle(permitLimit: 3, windowSeconds: 900);

        for (var i = 0; i < 2; i++)
        {
            throttle.RecordFailure("bob", "10.0.0.66");
        }

        throttle.RetryAfterSeconds("bob", "10.0.0.66").Should().BeNull("two failures are under the limit");
        throttle.RecordFailure("bob", "10.0.0.66");
        throttle.RetryAfterSeconds("bob", "10.0.0.66").Should().Be(30);
        throttle.RetryAfterSeconds("bob", "10.0.0.1").Should().BeNull("the owner from another address is never slowed down");
        throttle.RetryAfterSeconds("carol", "10.0.0.66").Should().BeNull("another account from the attacker's address is not refused");

        _clock.Advance(TimeSpan.FromSeconds(30));
        throttle.RetryAfterSeconds("bob", "10.0.0.66").Should().BeNull();
        throttle.RecordFailure("bob", "10.0.0.66");
        throttle.RetryAfterSeconds("bob", "10.0.0.66").Should().Be(60, "each further failure doubles the delay");
        _clock.Advance(TimeSpan.FromSeconds(60));
        throttle.RecordFailure("bob", "10.0.0.66");
        throttle.RetryAfterSeconds("bob", "10.0.0.66").Should().Be(120);
    }

    [Fact]
    public void The_delay_never_exceeds_the_window()
    {
        var throttle = Throttle(permitLimit: 1, windowSeconds: 100);

        for (var i = 0; i < 10; i++)
        {
            throttle.RecordFailure("bob", "10.0.0.66");
        }

        throttle.RetryAfterSeconds("bob", "10.0.0.66").Should().Be(100);
    }

    [Fact]
    public void One_address_guessing_many_accounts_hits_the_higher_address_limit()
    {
        var throttle = Throttle(permitLimit: 2, windowSeconds: 60);

        for (var i = 0; i < 19; i++)
        {
            throttle.RecordFailure($"user{i}", "10.0.0.66");
        }

        throttle.RetryAfterSeconds("fresh", "10.0.0.66").Should().BeNull("19 failures are under ten times the pair limit");
        throttle.RecordFailure("user19", "10.0.0.66");
        throttle.RetryAfterSeconds("fresh", "10.0.0.66").Should().Be(60);
        throttle.RetryAfterSeconds("fresh", "10.0.0.67").Should().BeNull();

        _clock.Advance(TimeSpan.FromSeconds(60));
        throttle.RetryAfterSeconds("fresh", "10.0.0.66").Should().BeNull();
    }

    [Fact]
    public void The_address_limit_can_be_configured()
    {
        var throttle = new LoginThrottle(new RateLimitPolicies(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chat:RateLimits:Login:PermitLimit"] = "5",
            ["Chat:RateLimits:Login:AddressPermitLimit"] = "3",
        }).Build()), _clock);

        throttle.RecordFailure("a", "10.0.0.66");
        throttle.RecordFailure("b", "10.0.0.66");
        throttle.RecordFailure("c", "10.0.0.66");

        throttle.RetryAfterSeconds("d", "10.0.0.66").Should().Be(15 * 60);
    }

    [Fact]
    public void A_successful_login_clears_its_pair_but_not_the_address()
    {
        var throttle = Throttle(permitLimit: 2, windowSeconds: 60);
        throttle.RecordFailure("alice", "10.0.0.1");
        throttle.RecordFailure("alice", "10.0.0.1");
        throttle.RetryAfterSeconds("alice", "10.0.0.1").Should().Be(30);

        throttle.RecordSuccess("alice", "10.0.0.1");

        throttle.RetryAfterSeconds("alice", "10.0.0.1").Should().BeNull();
    }

    [Fact]
    public void The_default_policy_allows_ten_failures_per_pair_before_the_first_delay()
    {
        var throttle = new LoginThrottle(new RateLimitPolicies(new ConfigurationBuilder().Build()), _clock);

        for (var i = 0; i < 9; i++)
        {
            throttle.RecordFailure("alice", null);
        }

        throttle.RetryAfterSeconds("alice", null).Should().BeNull();
        throttle.RecordFailure("alice", null);
        throttle.RetryAfterSeconds("alice", null).Should().Be(30);
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
