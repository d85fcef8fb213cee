using System.Net;
using System.Net.WebSockets;
using Chat.Api.Tests.Infrastructure;
using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.Realtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Api.Tests.Realtime;

/// <summary>
/// The socket over a real Kestrel on a loopback port with <see cref="ClientWebSocket"/>: real TCP back-pressure,
/// real WebSocket ping/pong, real close handshakes.
/// </summary>
public sealed class KestrelSocketTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;
    private Uri _server = null!;

    public async Task InitializeAsync()
    {
        _factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?>
        {
            ["Chat:Realtime:HeartbeatSeconds"] = "1",
            ["Chat:Realtime:OutboundQueueCapacity"] = "8",
        });
        _factory.UseKestrel(0);
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _server = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal));
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private ConnectionRegistry Registry => _factory.Services.GetRequiredService<ConnectionRegistry>();

    [Fact]
    public async Task Refusals_happen_before_the_upgrade_with_their_status()
    {
        (await RefusedStatusAsync("/ws", null)).Should().Be(HttpStatusCode.Unauthorized);
        (await RefusedStatusAsync("/ws?ticket=used-or-made-up", null)).Should().Be(HttpStatusCode.Unauthorized);

        var user = await _factory.RegisterUserAsync("kestrel");
        (await RefusedStatusAsync("/ws?token=" + user.AccessToken, "https://elsewhere.example")).Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_ticket_opens_a_real_socket_that_answers_pings_and_closes_cleanly()
    {
        var user = await _factory.RegisterUserAsync("kticket");
        var ticket = (await (await user.Client.PostAsync("/api/v1/realtime/ticket", null)).ReadJsonAsync()).GetProperty("ticket").GetString()!;

        await using var socket = TestSocket.Over(await ConnectAsync("/ws?ticket=" + Uri.EscapeDataString(ticket)));
        await socket.ReadGreetingAsync();
        socket.Established.GetProperty("userId").GetGuid().Should().Be(user.Id);
        socket.Established.GetProperty("heartbeatSeconds").GetInt32().Should().Be(1);

        await socket.SendAsync(new { type = "ping", @ref = "k" });
        (await socket.ExpectAsync("pong")).GetProperty("ref").GetString().Should().Be("k");

        await socket.CloseAsync();
        socket.CloseStatus.Should().Be(WebSocketCloseStatus.NormalClosure);
        await SocketConnectionTests.WaitUntilAsync(() => Registry.ConnectionCount == 0);
    }

    [Fact]
    public async Task A_client_that_stops_answering_pings_is_dropped_after_three_heartbeats()
    {
        var user = await _factory.RegisterUserAsync("silent");

        // The client never reads, so it never answers the server's pings.
        await using var socket = TestSocket.Over(await ConnectAsync("/ws?token=" + user.AccessToken), startReading: false);
        await SocketConnectionTests.WaitUntilAsync(() => Registry.ConnectionsOf(user.Id).Count == 1);

        await SocketConnectionTests.WaitUntilAsync(() => Registry.ConnectionsOf(user.Id).Count == 0);

        socket.StartReading();
        await socket.WaitForCloseAsync();
        socket.Dropped.Should().BeTrue();
    }

    [Fact]
    public async Task A_client_that_reads_too_slowly_is_closed_with_1013_after_what_was_already_on_the_wire()
    {
        var user = await _factory.RegisterUserAsync("slow");
        await using var socket = TestSocket.Over(await ConnectAsync("/ws?token=" + user.AccessToken), startReading: false);
        await SocketConnectionTests.WaitUntilAsync(() => Registry.ConnectionsOf(user.Id).Count == 1);
        var connection = (WebSocketConnection)Registry.ConnectionsOf(user.Id).Single();

        var notifier = _factory.Services.GetRequiredService<IRealtimeNotifier>();
        var padding = new string('x', 16 * 1024);
        var pushed = 0;
        while (!connection.IsClosing)
        {
            await notifier.NotifyUsersAsync([user.Id], new { type = "filler", n = pushed++, padding });
            pushed.Should().BeLessThan(100_000, "the queue must fill up long before this");
        }

        socket.StartReading();
        (await socket.WaitForCloseAsync()).Should().Be(WebSocketConnection.TryAgainLater);
        await SocketConnectionTests.WaitUntilAsync(() => Registry.ConnectionCount == 0);
    }

    [Fact]
    public async Task Only_the_client_that_stops_reading_is_closed_with_1013_while_a_reader_of_the_same_events_keeps_every_one()
    {
        var slow = await _factory.RegisterUserAsync("stopsreading");
        var fast = await _factory.RegisterUserAsync("keepsreading");
        await using var slowSocket = TestSocket.Over(await ConnectAsync("/ws?token=" + slow.AccessToken), startReading: false);
        await using var fastSocket = TestSocket.Over(await ConnectAsync("/ws?token=" + fast.AccessToken));
        await fastSocket.ReadGreetingAsync();
        await SocketConnectionTests.WaitUntilAsync(() => Registry.ConnectionsOf(slow.Id).Count == 1 && Registry.ConnectionsOf(fast.Id).Count == 1);
        var slowConnection = (WebSocketConnection)Registry.ConnectionsOf(slow.Id).Single();

        // The same events go to both; the fast client reads each before the next is published, the slow one reads nothing.
        var notifier = _factory.Services.GetRequiredService<IRealtimeNotifier>();
        var padding = new string('x', 16 * 1024);
        var pushed = 0;
        while (!slowConnection.IsClosing)
        {
            await notifier.NotifyUsersAsync([slow.Id, fast.Id], new { type = "filler", n = pushed, padding });
            (await fastSocket.ExpectAsync("filler")).GetProperty("n").GetInt32().Should().Be(pushed);
            pushed++;
            pushed.Should().BeLessThan(100_000, "the slow client's queue must fill up long before this");
        }

        slowSocket.StartReading();
        (await slowSocket.WaitForCloseAsync()).Should().Be(WebSocketConnection.TryAgainLater);
        await fastSocket.SendAsync(new { type = "ping", @ref = "still-here" });
        (await fastSocket.ExpectAsync("pong")).GetProperty("ref").GetString().Should().Be("still-here");
        Registry.ConnectionsOf(fast.Id).Should().ContainSingle();
    }

    private async Task<WebSocket> ConnectAsync(string pathAndQuery)
    {
        var client = new ClientWebSocket();
        client.Options.KeepAliveInterval = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(TestSocket.Patience);
        await client.ConnectAsync(new Uri(_server, pathAndQuery), timeout.Token);
        return client;
    }

    private async Task<HttpStatusCode> RefusedStatusAsync(string pathAndQuery, string? origin)
    {
        using var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            client.Options.SetRequestHeader("Origin", origin);
        }

        using var timeout = new CancellationTokenSource(TestSocket.Patience);
        var act = () => client.ConnectAsync(new Uri(_server, pathAndQuery), timeout.Token);
        await act.Should().ThrowAsync<WebSocketException>();
        return client.HttpStatusCode;
    }
}
