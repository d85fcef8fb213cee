using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using Chat.Api.Tests.Infrastructure;
using Chat.Api.Tests.Realtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Api.Tests.ReverseProxy;

/// <summary>
/// The server on Kestrel behind a real nginx (docs/operations.md's configuration), trusting only nginx's address.
/// nginx connects to the server from 127.0.0.1; clients reach nginx from other loopback addresses (127.0.0.2, .3),
/// so each client has its own address as nginx sees it.
/// </summary>
public sealed class BehindNginxTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;
    private NginxProcess? _nginx;

    private NginxProcess Nginx => _nginx ?? throw new InvalidOperationException("nginx did not start");

    public async Task InitializeAsync()
    {
        _factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?>
        {
            ["Chat:ReverseProxy:KnownProxies:0"] = "127.0.0.1",
            ["Chat:RateLimits:Login:PermitLimit"] = "3",
            ["Chat:RateLimits:Login:WindowSeconds"] = "900",
            ["Chat:RateLimits:Login:AddressPermitLimit"] = "3", // the per-address limit is what locks a client out across accounts
        });
        _factory.UseKestrel(0);
        _factory.StartServer();
        if (NginxProcess.Executable is not null || Chat.TestSupport.TestEnvironment.IsCi)
        {
            var upstream = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            _nginx = await NginxProcess.StartAsync(new Uri(upstream));
        }
    }

    public async Task DisposeAsync()
    {
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }

        await _factory.DisposeAsync();
    }

    [NginxFact]
    public async Task The_socket_upgrades_through_nginx_and_answers_pings()
    {
        var user = await RegisterThroughNginxAsync("proxied");

        var client = new ClientWebSocket(); // the TestSocket below owns and disposes it
        client.Options.KeepAliveInterval = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(TestSocket.Patience);
        var url = new Uri($"ws://127.0.0.1:{Nginx.Port}/ws?token={user.AccessToken}");
        await client.ConnectAsync(url, timeout.Token);

        await using var socket = TestSocket.Over(client);
        await socket.ReadGreetingAsync();
        socket.Established.GetProperty("userId").GetGuid().Should().Be(user.Id);
        await socket.SendAsync(new { type = "ping", @ref = "through-nginx" });
        (await socket.ExpectAsync("pong")).GetProperty("ref").GetString().Should().Be("through-nginx");
        await socket.CloseAsync();
        socket.CloseStatus.Should().Be(WebSocketCloseStatus.NormalClosure, Nginx.ErrorLog);
    }

    [NginxFact]
    public async Task A_client_locked_out_behind_nginx_does_not_lock_out_another_and_cannot_forge_its_address()
    {
        var victim = await RegisterThroughNginxAsync("victim");
        using var attacker = ClientFrom("127.0.0.2");
        using var other = ClientFrom("127.0.0.3");

        // The attacker also claims to be the other client; nginx appends the address it really saw, which is the one that counts.
        attacker.DefaultRequestHeaders.Add("X-Forwarded-For", "127.0.0.3");
        for (var i = 0; i < 3; i++)
        {
            (await attacker.PostAsJsonAsync("api/v1/auth/login", new { username = $"guess{i}", password = "wrong-password" }))
                .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var refused = await attacker.PostAsJsonAsync("api/v1/auth/login", new { username = victim.Username, password = ApiTestExtensions.Password });
        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");

        var signedIn = await other.PostAsJsonAsync("api/v1/auth/login", new { username = victim.Username, password = ApiTestExtensions.Password });
        signedIn.StatusCode.Should().Be(HttpStatusCode.OK, "the lockout belongs to 127.0.0.2, not to every client of the proxy");
    }

    private HttpClient ClientFrom(string localAddress)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = Nginx.BaseAddress };
    }

    private async Task<TestUser> RegisterThroughNginxAsync(string prefix)
    {
        using var client = ClientFrom("127.0.0.4");
        var username = $"{prefix}_{Guid.NewGuid():N}"[..20];
        var response = await client.PostAsJsonAsync("api/v1/auth/register", new { username, password = ApiTestExtensions.Password });
        response.StatusCode.Should().Be(HttpStatusCode.Created, Nginx.ErrorLog);
        var body = await response.ReadJsonAsync();
        var token = body.GetProperty("accessToken").GetString()!;
        return new TestUser(body.GetProperty("user").GetProperty("id").GetGuid(), username, token, body.GetProperty("refreshToken").GetString()!, TestUser.Authorize(_factory.CreateClient(), token));
    }
}
