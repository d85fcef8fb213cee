using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.RateLimiting;

public sealed class ThrottlingTests
{
    [Fact]
    public async Task Wrong_passwords_for_bob_from_one_address_slow_that_address_for_bob_only_never_bob_elsewhere_or_carol()
    {
        await using var factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?>
        {
            ["Chat:RateLimits:Login:PermitLimit"] = "3",
            ["Chat:RateLimits:Login:WindowSeconds"] = "900",
        });
        var bob = await factory.RegisterUserAsync("bob");
        var carol = await factory.RegisterUserAsync("carol");
        for (var i = 0; i < 3; i++)
        {
            (await LoginFromAsync(factory, "203.0.113.66", bob.Username)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var attacker = await LoginFromAsync(factory, "203.0.113.66", bob.Username, ApiTestExtensions.Password);
        var owner = await LoginFromAsync(factory, "198.51.100.20", bob.Username, ApiTestExtensions.Password);
        var neighbour = await LoginFromAsync(factory, "203.0.113.66", carol.Username, ApiTestExtensions.Password);

        await attacker.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        attacker.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 30);
        owner.StatusCode.Should().Be(HttpStatusCode.OK, "the owner is never locked out from elsewhere");
        neighbour.StatusCode.Should().Be(HttpStatusCode.OK, "an account never attacked is not refused");
    }

    [Fact]
    public async Task Failed_logins_from_one_address_over_many_names_hit_the_per_address_limit()
    {
        await using var factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?>
        {
            ["Chat:RateLimits:Login:PermitLimit"] = "3",
            ["Chat:RateLimits:Login:AddressPermitLimit"] = "5",
        });
        for (var i = 0; i < 5; i++)
        {
            (await LoginFromAsync(factory, "203.0.113.7", $"guess{i}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var refused = await LoginFromAsync(factory, "203.0.113.7", "fresh_name");
        var otherAddress = await LoginFromAsync(factory, "203.0.113.8", "fresh_name");

        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        refused.Headers.RetryAfter.Should().NotBeNull();
        otherAddress.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static Task<HttpResponseMessage> LoginFromAsync(ChatApiFactory factory, string address, string username, string password = "wrong-password")
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ClientAddressStartupFilter.Header, address);
        return client.PostAsJsonAsync("/api/v1/auth/login", new { username, password });
    }

    [Fact]
    public async Task Registering_too_often_from_one_address_answers_429_with_retry_after()
    {
        await using var factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?>
        {
            ["Chat:RateLimits:Register:PermitLimit"] = "2",
            ["Chat:RateLimits:Register:WindowSeconds"] = "60",
        });
        var client = factory.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            (await client.PostAsJsonAsync("/api/v1/auth/register", new { username = $"reg{i}", password = ApiTestExtensions.Password }))
                .StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var refused = await client.PostAsJsonAsync("/api/v1/auth/register", new { username = "reg9", password = ApiTestExtensions.Password });

        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        refused.Headers.RetryAfter.Should().NotBeNull();
    }
}
