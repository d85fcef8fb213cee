using System.Net;
using System.Net.Http.Json;
using Chat.Api.Infrastructure;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chat.Api.Tests.ReverseProxy;

/// <summary>
/// <c>Chat:ReverseProxy</c>: forwarded headers are believed only from the listed peers. The TCP peer is set with the
/// test header (as Kestrel would see it); the login lockout (3 failures per address) shows which address counted.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string Proxy = "10.1.2.3";

    [Fact]
    public async Task Behind_a_trusted_proxy_each_client_address_is_locked_out_on_its_own()
    {
        await using var factory = await CreateAsync(new() { ["Chat:ReverseProxy:KnownProxies:0"] = Proxy });

        for (var i = 0; i < 3; i++)
        {
            (await LoginAsync(factory, peer: Proxy, forwardedFor: "198.51.100.1", $"guess{i}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        await (await LoginAsync(factory, Proxy, "198.51.100.1", "fresh")).ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        (await LoginAsync(factory, Proxy, "198.51.100.2", "fresh")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "another client behind the same proxy is not locked out");
    }

    [Fact]
    public async Task A_trusted_network_works_like_a_listed_proxy_and_only_the_address_the_proxy_added_counts()
    {
        await using var factory = await CreateAsync(new() { ["Chat:ReverseProxy:KnownNetworks"] = "10.0.0.0/8, fd00::/8" });

        // The client forges a first entry; the proxy appends the address it really saw. Only the last one counts.
        for (var i = 0; i < 3; i++)
        {
            (await LoginAsync(factory, Proxy, $"203.0.113.{i}, 198.51.100.7", $"guess{i}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        await (await LoginAsync(factory, Proxy, "203.0.113.99, 198.51.100.7", "fresh")).ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task A_forged_forwarded_header_from_an_untrusted_peer_is_ignored()
    {
        await using var factory = await CreateAsync(new() { ["Chat:ReverseProxy:KnownProxies:0"] = Proxy });

        // Every attempt claims another client address, but the peer is not a trusted proxy: its own address counts.
        for (var i = 0; i < 3; i++)
        {
            (await LoginAsync(factory, peer: "192.0.2.50", forwardedFor: $"198.51.100.{i + 10}", $"guess{i}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        await (await LoginAsync(factory, "192.0.2.50", "198.51.100.200", "fresh")).ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task Without_configuration_no_forwarded_header_is_read_not_even_from_loopback()
    {
        await using var factory = await CreateAsync(new());

        for (var i = 0; i < 3; i++)
        {
            (await LoginAsync(factory, peer: "127.0.0.1", forwardedFor: $"198.51.100.{i + 10}", $"guess{i}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        await (await LoginAsync(factory, "127.0.0.1", "198.51.100.200", "fresh")).ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task Audit_records_name_the_real_client_behind_a_trusted_proxy()
    {
        await using var factory = await CreateAsync(Chat.Api.Tests.Admin.AdminApiTests.AdminSettings(new() { ["Chat:ReverseProxy:KnownProxies:0"] = Proxy }));
        var admin = await Chat.Api.Tests.Admin.AdminApiTests.LoginAdminAsync(factory);
        var owner = await factory.RegisterUserAsync("owner");
        var created = await owner.Client.PostAsJsonAsync("/api/v1/rooms", new { name = "Doomed", isPublic = true });
        var roomId = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        admin.Client.DefaultRequestHeaders.Add(ClientAddressStartupFilter.Header, Proxy);
        admin.Client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.77");

        (await admin.Client.DeleteAsync($"/api/v1/admin/rooms/{roomId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var audit = await (await admin.Client.GetAsync("/api/v1/admin/audit")).ReadJsonAsync();
        audit.GetProperty("items")[0].GetProperty("clientAddress").GetString().Should().Be("198.51.100.77");
    }

    [Theory]
    [InlineData("KnownProxies:0", "not-an-address", "KnownProxies")]
    [InlineData("KnownNetworks:0", "10.0.0.0/33", "KnownNetworks")]
    [InlineData("KnownNetworks:0", "10.0.0.1", "KnownNetworks")]
    public void A_malformed_entry_stops_start_up_with_a_configuration_failure(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Chat:ReverseProxy:" + key] = value }).Build();

        var failure = Assert.Throws<StartupFailure>(() => new ServiceCollection().AddChatReverseProxy(configuration));

        failure.Code.Should().Be(ExitCode.Configuration);
        failure.Message.Should().Contain(named).And.Contain(value);
    }

    [Fact]
    public void Only_the_listed_peers_are_trusted_not_the_default_loopback()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chat:ReverseProxy:KnownProxies"] = "10.9.9.9,::1",
        }).Build();
        using var services = new ServiceCollection().AddChatReverseProxy(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        options.KnownProxies.Should().BeEquivalentTo([IPAddress.Parse("10.9.9.9"), IPAddress.IPv6Loopback]);
        options.KnownIPNetworks.Should().BeEmpty();
        options.ForwardedHeaders.Should().Be(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
    }

    private static Task<ChatApiFactory> CreateAsync(Dictionary<string, string?> settings)
    {
        settings["Chat:RateLimits:Login:PermitLimit"] = "3";
        settings["Chat:RateLimits:Login:WindowSeconds"] = "900";
        settings["Chat:RateLimits:Login:AddressPermitLimit"] = "3"; // the per-address limit locks a client out across accounts
        return ChatApiFactory.CreateAsync(settings);
    }

    private static Task<HttpResponseMessage> LoginAsync(ChatApiFactory factory, string peer, string forwardedFor, string username)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ClientAddressStartupFilter.Header, peer);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client.PostAsJsonAsync("/api/v1/auth/login", new { username, password = "wrong-password" });
    }
}
