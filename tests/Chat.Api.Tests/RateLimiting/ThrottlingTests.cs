using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.RateLimiting;

public sealed class ThrottlingTests
{
    [Fact]
    public async Task Repeated_failed_logins_for_one_username_answer_429_with_retry_after_even_with_the_right_password()
    {
        await using var factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?>
        {
            ["Chat:RateLimits:Login:PermitLimit"] = "3",
            ["Chat:RateLimits:Login:WindowSeconds"] = "900",
        });
        var user = await factory.RegisterUserAsync("victim");
        var client = factory.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { username = user.Username, password = "wrong-password" });
            wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var refused = await client.PostAsJsonAsync("/api/v1/auth/login", new { username = user.Username, password = ApiTestExtensions.Password });

        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 900);
    }

    [Fact]
    public async Task Repeated_failed_logins_from_one_address_throttle_other_usernames_too()
    {
        await using var factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?>
        {
            ["Chat:RateLimits:Login:PermitLimit"] = "3",
        });
        for (var i = 0; i < 3; i++)
        {
            (await LoginFromAsync(factory, "203.0.113.7", $"guess{i}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var refused = await LoginFromAsync(factory, "203.0.113.7", "fresh_name");
        var otherAddress = await LoginFromAsync(factory, "203.0.113.8", "fresh_name");

        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        refused.Headers.RetryAfter.Should().NotBeNull();
        otherAddress.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static Task<HttpResponseMessage> LoginFromAsync(ChatApiFactory factory, string address, string username)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ClientAddressStartupFilter.Header, address);
        return client.PostAsJsonAsync("/api/v1/auth/login", new { username, password = "wrong-password" });
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
