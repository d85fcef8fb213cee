using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Realtime;

/// <summary>The per-socket command rate limit and the operators' stats endpoint.</summary>
public sealed class SocketLimitsTests : IAsyncLifetime
{
    private const string AdminName = "opsadmin";
    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?>
    {
        ["Chat:RateLimits:Socket:PermitLimit"] = "3",
        ["Chat:RateLimits:Socket:WindowSeconds"] = "60",
        ["Chat:Bootstrap:AdminUsername"] = AdminName,
        ["Chat:Bootstrap:AdminPassword"] = ApiTestExtensions.Password,
        ["Chat:Realtime:NodeName"] = "node-a",
    });

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Commands_beyond_the_socket_rate_limit_are_refused_with_rate_limited_and_the_socket_stays_open()
    {
        var user = await _factory.RegisterUserAsync("limited");
        await using var socket = await TestSocket.OpenAsync(_factory, user);

        for (var i = 0; i < 3; i++)
        {
            await socket.SendAsync(new { type = "ping", @ref = "p" + i });
            await socket.ExpectAsync("pong");
        }

        await socket.SendAsync(new { type = "ping", @ref = "p3" });
        var error = await socket.ExpectAsync("error");
        error.GetProperty("code").GetString().Should().Be("rate_limited");
        error.GetProperty("ref").GetString().Should().Be("p3");
        error.GetProperty("retryAfterSeconds").GetInt32().Should().BeGreaterThanOrEqualTo(1);
        socket.Socket.State.Should().Be(WebSocketState.Open);

        // The limit is per socket: the same user's other device has its own.
        await using var other = await TestSocket.OpenAsync(_factory, user);
        await other.SendAsync(new { type = "ping", @ref = "o" });
        (await other.ExpectAsync("pong")).GetProperty("ref").GetString().Should().Be("o");
    }

    [Fact]
    public async Task An_administrator_reads_the_nodes_connections_and_online_users()
    {
        var admin = await LoginAsync(AdminName);
        var user = await _factory.RegisterUserAsync("counted");
        await using var first = await TestSocket.OpenAsync(_factory, user);
        await using var second = await TestSocket.OpenAsync(_factory, user);

        var response = await admin.GetAsync("/api/v1/admin/stats");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var stats = await response.ReadJsonAsync();
        stats.GetProperty("connections").GetInt32().Should().Be(2);
        stats.GetProperty("onlineUsers").GetInt32().Should().Be(1);
        stats.GetProperty("messagesPerSecond").GetDouble().Should().Be(0);
        stats.GetProperty("node").GetString().Should().Be("node-a");
    }

    [Fact]
    public async Task Messages_per_second_counts_each_stored_message_once()
    {
        var admin = await LoginAsync(AdminName);
        var users = await _factory.UsersAsync(3, "rate");
        var conversation = await users[0].GroupWithAsync(users[1..]);
        for (var i = 0; i < 5; i++)
        {
            await users[i % 3].PostMessageAsync(conversation, "m" + i);
        }

        // The rate covers the last ten complete seconds, so all five show once the second of the last one is over.
        var deadline = DateTime.UtcNow + TestSocket.Patience;
        double rate;
        do
        {
            await Task.Delay(100);
            rate = (await (await admin.GetAsync("/api/v1/admin/stats")).ReadJsonAsync()).GetProperty("messagesPerSecond").GetDouble();
        }
        while (rate < 0.5 && DateTime.UtcNow < deadline);

        rate.Should().Be(0.5, "5 messages over 10 seconds, each counted once however many sockets it reached");
    }

    private async Task<HttpClient> LoginAsync(string username)
    {
        var client = _factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { username, password = ApiTestExtensions.Password });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return TestUser.Authorize(_factory.CreateClient(), (await response.ReadJsonAsync()).GetProperty("accessToken").GetString()!);
    }
}
