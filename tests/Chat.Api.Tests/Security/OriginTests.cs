using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Chat.Api.Infrastructure;
using Chat.Api.Tests.Infrastructure;
using Chat.Api.Tests.Realtime;
using Chat.Api.Tests.Rooms;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Api.Tests.Security;

/// <summary>
/// Issue 10 §5: the socket's Origin check trusts <c>Chat:PublicUrl</c>, <c>Chat:Cors:AllowedOrigins</c> (alias
/// <c>Chat:Realtime:AllowedOrigins</c>) and, with neither set, the addresses the server listens on — never the Host header.
/// Over a real Kestrel so the listening addresses and the Host header are real.
/// </summary>
public sealed class OriginTests
{
    [Fact]
    public async Task With_nothing_configured_a_foreign_origin_is_refused_even_when_the_host_header_matches_it()
    {
        await using var server = await KestrelServer.StartAsync([]);
        var user = await server.Factory.RegisterUserAsync("origin");

        (await server.UpgradeStatusAsync(user, "http://evil.example", host: "evil.example")).Should().Be(HttpStatusCode.Forbidden);
        (await server.UpgradeStatusAsync(user, server.OwnOrigin, host: null)).Should().Be(HttpStatusCode.SwitchingProtocols);
    }

    [Theory]
    [InlineData("Chat:Cors:AllowedOrigins:0")]
    [InlineData("Chat:Realtime:AllowedOrigins:0")]
    [InlineData("Chat:Cors:AllowedOrigins")]
    public async Task A_configured_origin_is_allowed_and_the_listening_address_is_then_no_longer_implied(string key)
    {
        await using var server = await KestrelServer.StartAsync(new() { [key] = "https://app.example.com" });
        var user = await server.Factory.RegisterUserAsync("origin");

        (await server.UpgradeStatusAsync(user, "https://APP.example.com/", host: null)).Should().Be(HttpStatusCode.SwitchingProtocols);
        (await server.UpgradeStatusAsync(user, "https://evil.example", host: "evil.example")).Should().Be(HttpStatusCode.Forbidden);
        (await server.UpgradeStatusAsync(user, server.OwnOrigin, host: null)).Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_public_url_is_an_allowed_origin_and_the_base_of_invite_urls()
    {
        await using var server = await KestrelServer.StartAsync(new() { ["Chat:PublicUrl"] = "https://chat.example.com/base/" });
        var user = await server.Factory.RegisterUserAsync("origin");

        (await server.UpgradeStatusAsync(user, "https://chat.example.com", host: null)).Should().Be(HttpStatusCode.SwitchingProtocols);
        (await server.UpgradeStatusAsync(user, "http://chat.example.com", host: null)).Should().Be(HttpStatusCode.Forbidden);

        var roomId = await user.CreateRoomIdAsync();
        var invite = await (await user.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/invites", new { })).ReadJsonAsync();
        invite.GetProperty("url").GetString().Should().Be("https://chat.example.com/base/invites/" + invite.GetProperty("code").GetString());
    }

    [Fact]
    public void Origins_are_compared_by_scheme_host_and_port_with_default_ports_left_out()
    {
        ChatOrigins.Normalize("HTTPS://Example.COM:443/").Should().Be("https://example.com");
        ChatOrigins.Normalize("http://example.com:8080").Should().Be("http://example.com:8080");
        ChatOrigins.Normalize("null").Should().BeNull();
        ChatOrigins.Normalize("file:///etc/passwd").Should().BeNull();
    }

    private sealed class KestrelServer : IAsyncDisposable
    {
        private KestrelServer(ChatApiFactory factory, Uri address)
        {
            Factory = factory;
            Address = address;
        }

        public ChatApiFactory Factory { get; }

        public Uri Address { get; }

        public string OwnOrigin => $"http://{Address.Authority}";

        public static async Task<KestrelServer> StartAsync(Dictionary<string, string?> settings)
        {
            var factory = await ChatApiFactory.CreateAsync(settings);
            factory.UseKestrel(0);
            factory.StartServer();
            var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new KestrelServer(factory, new Uri(address));
        }

        /// <summary>101 when the upgrade succeeded, else the refusal's status.</summary>
        public async Task<HttpStatusCode> UpgradeStatusAsync(TestUser user, string origin, string? host)
        {
            using var client = new ClientWebSocket();
            client.Options.CollectHttpResponseDetails = true;
            client.Options.SetRequestHeader("Origin", origin);
            client.Options.SetRequestHeader("Authorization", "Bearer " + user.AccessToken);
            if (host is not null)
            {
                client.Options.SetRequestHeader("Host", host);
            }

            using var timeout = new CancellationTokenSource(TestSocket.Patience);
            try
            {
                await client.ConnectAsync(new Uri($"ws://{Address.Authority}/ws"), timeout.Token);
            }
            catch (WebSocketException)
            {
                return client.HttpStatusCode;
            }

            await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, timeout.Token);
            return HttpStatusCode.SwitchingProtocols;
        }

        public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
    }
}
