using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Realtime;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Api.Tests.Realtime;

/// <summary>Opening, authenticating, greeting and closing sockets; frames that are refused without closing.</summary>
public sealed class SocketConnectionTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?>
    {
        ["Chat:Realtime:AllowedOrigins:0"] = "https://app.example.com",
        ["Chat:PublicUrl"] = "http://localhost",
        ["Chat:Realtime:MaxSocketsPerUser"] = "2",
    });

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private ConnectionRegistry Registry => _factory.Services.GetRequiredService<ConnectionRegistry>();

    [Fact]
    public async Task Without_a_credential_the_upgrade_is_refused_with_a_401_problem()
    {
        var response = await _factory.CreateClient().GetAsync("/ws");
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        var act = () => TestSocket.ConnectAsync(_factory, "/ws");
        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*401*");
    }

    [Theory]
    [InlineData("/ws?token=not-a-jwt")]
    [InlineData("/ws?ticket=made-up-ticket")]
    [InlineData("/ws?ticket=")]
    public async Task A_bad_token_or_ticket_is_refused_with_401(string pathAndQuery)
    {
        var response = await _factory.CreateClient().GetAsync(pathAndQuery);
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        var act = () => TestSocket.ConnectAsync(_factory, pathAndQuery);
        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*401*");
    }

    [Fact]
    public async Task A_bad_bearer_header_is_refused_with_401()
    {
        var act = () => TestSocket.ConnectAsync(_factory, "/ws", r => r.Headers.Authorization = "Bearer nonsense");
        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*401*");
    }

    [Fact]
    public async Task A_token_in_the_query_string_opens_a_socket_and_the_greeting_comes_first()
    {
        var user = await _factory.RegisterUserAsync("qtoken");

        await using var socket = await TestSocket.ConnectAsync(_factory, "/ws?token=" + user.AccessToken);

        var established = await socket.ExpectAsync("connection_established");
        established.GetProperty("userId").GetGuid().Should().Be(user.Id);
        established.GetProperty("sessionId").GetGuid().Should().NotBeEmpty();
        established.GetProperty("heartbeatSeconds").GetInt32().Should().Be(30);
        established.GetProperty("serverTime").GetString().Should().EndWith("+00:00");
        var online = await socket.ExpectAsync("online_friends");
        online.GetProperty("friends").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task A_ticket_opens_a_socket_once_and_only_once()
    {
        var user = await _factory.RegisterUserAsync("ticket");
        var response = await user.Client.PostAsync("/api/v1/realtime/ticket", null);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.ReadJsonAsync();
        body.GetProperty("expiresIn").GetInt32().Should().Be(30);
        var ticket = body.GetProperty("ticket").GetString()!;
        Convert.FromBase64String(ticket.Replace('-', '+').Replace('_', '/') + "=").Should().HaveCount(32);

        await using (var socket = await TestSocket.OpenAsync(_factory, "/ws?ticket=" + Uri.EscapeDataString(ticket)))
        {
            socket.Established.GetProperty("userId").GetGuid().Should().Be(user.Id);
        }

        var again = () => TestSocket.ConnectAsync(_factory, "/ws?ticket=" + Uri.EscapeDataString(ticket));
        (await again.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*401*");
    }

    [Fact]
    public async Task A_ticket_needs_a_signed_in_caller()
    {
        var response = await _factory.CreateClient().PostAsync("/api/v1/realtime/ticket", null);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_foreign_origin_is_refused_with_403_and_its_ticket_is_not_spent()
    {
        var user = await _factory.RegisterUserAsync("origin");
        var ticket = (await (await user.Client.PostAsync("/api/v1/realtime/ticket", null)).ReadJsonAsync()).GetProperty("ticket").GetString()!;
        var path = "/ws?ticket=" + Uri.EscapeDataString(ticket);

        var refused = () => TestSocket.ConnectAsync(_factory, path, r => r.Headers.Origin = "https://evil.example.org");
        (await refused.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*403*");

        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", "https://evil.example.org");
        await (await _factory.CreateClient().SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        await using var socket = await TestSocket.OpenAsync(_factory, path, r => r.Headers.Origin = "https://app.example.com");
        socket.Established.GetProperty("userId").GetGuid().Should().Be(user.Id);
    }

    [Theory]
    [InlineData("http://localhost")]
    [InlineData("https://app.example.com")]
    [InlineData("https://APP.example.com/")]
    public async Task The_servers_own_origin_and_configured_origins_are_allowed(string origin)
    {
        var user = await _factory.RegisterUserAsync("okorigin");

        await using var socket = await TestSocket.OpenAsync(_factory, "/ws", r =>
        {
            r.Headers.Authorization = "Bearer " + user.AccessToken;
            r.Headers.Origin = origin;
        });

        socket.Established.GetProperty("userId").GetGuid().Should().Be(user.Id);
    }

    [Fact]
    public async Task A_plain_request_with_a_valid_credential_is_400()
    {
        var user = await _factory.RegisterUserAsync("plain");

        var response = await user.Client.GetAsync("/ws");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "bad_request");
    }

    [Fact]
    public async Task Ping_is_answered_by_pong_with_the_same_ref()
    {
        var user = await _factory.RegisterUserAsync("ping");
        await using var socket = await TestSocket.OpenAsync(_factory, user);

        await socket.SendAsync(new { type = "ping", @ref = "r-1" });
        (await socket.ExpectAsync("pong")).GetProperty("ref").GetString().Should().Be("r-1");

        await socket.SendAsync(new { type = "ping" });
        (await socket.ExpectAsync("pong")).TryGetProperty("ref", out _).Should().BeFalse();

        await socket.SendAsync(new { type = "ping", @ref = 42 });
        (await socket.ExpectAsync("pong")).GetProperty("ref").GetString().Should().Be("42");
    }

    [Theory]
    [InlineData("{not json", "bad_frame")]
    [InlineData("[1,2,3]", "bad_frame")]
    [InlineData("\"ping\"", "bad_frame")]
    [InlineData("{\"ref\":\"r\"}", "bad_frame")]
    [InlineData("{\"type\":7,\"ref\":\"r\"}", "bad_frame")]
    [InlineData("{\"type\":\"launch_rockets\",\"ref\":\"r\"}", "unknown_type")]
    [InlineData("{\"type\":\"typing\",\"ref\":\"r\",\"conversationId\":\"not-a-guid\"}", "bad_request")]
    [InlineData("{\"type\":\"typing\",\"ref\":\"r\",\"isTyping\":true}", "validation_failed")]
    public async Task A_bad_frame_is_answered_with_an_error_and_the_socket_stays_open(string frame, string code)
    {
        var user = await _factory.RegisterUserAsync("badframe");
        await using var socket = await TestSocket.OpenAsync(_factory, user);

        await socket.SendTextAsync(frame);

        var error = await socket.ExpectAsync("error");
        error.GetProperty("code").GetString().Should().Be(code);
        error.GetProperty("message").GetString().Should().NotBeNullOrEmpty();
        if (frame.Contains("\"ref\":\"r\""))
        {
            error.GetProperty("ref").GetString().Should().Be("r");
        }

        await socket.ExpectNothingAsync();
        socket.Socket.State.Should().Be(WebSocketState.Open);
    }

    [Fact]
    public async Task Validation_errors_carry_the_fields_like_REST()
    {
        var user = await _factory.RegisterUserAsync("valid");
        await using var socket = await TestSocket.OpenAsync(_factory, user);

        await socket.SendAsync(new { type = "typing", @ref = "t1" });

        var error = await socket.ExpectAsync("error");
        error.GetProperty("code").GetString().Should().Be("validation_failed");
        error.GetProperty("errors").TryGetProperty("conversationId", out _).Should().BeTrue(error.GetRawText());
        error.GetProperty("errors").TryGetProperty("isTyping", out _).Should().BeTrue(error.GetRawText());
    }

    [Fact]
    public async Task Binary_and_invalid_utf8_frames_are_bad_frames_and_the_socket_stays_open()
    {
        var user = await _factory.RegisterUserAsync("binary");
        await using var socket = await TestSocket.OpenAsync(_factory, user);
        await using var other = await TestSocket.OpenAsync(_factory, user);

        await socket.SendBytesAsync([1, 2, 3], WebSocketMessageType.Binary);
        (await socket.ExpectAsync("error")).GetProperty("code").GetString().Should().Be("bad_frame");

        await other.SendBytesAsync([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'], WebSocketMessageType.Text);
        (await other.ExpectAsync("error")).GetProperty("code").GetString().Should().Be("bad_frame");

        // A second refused frame without a ref in the same flood window is dropped silently (realtime.md "Flood control").
        await socket.SendBytesAsync([4, 5, 6], WebSocketMessageType.Binary);
        await socket.ExpectNothingAsync();
        await other.ExpectNothingAsync();
    }

    [Fact]
    public async Task A_frame_of_exactly_64_KiB_is_accepted_and_one_byte_more_closes_with_1009()
    {
        var user = await _factory.RegisterUserAsync("big");
        await using var socket = await TestSocket.OpenAsync(_factory, user);

        var fits = FrameOfSize(64 * 1024);
        await socket.SendBytesAsync(fits, WebSocketMessageType.Text);
        (await socket.ExpectAsync("pong")).GetProperty("ref").GetString().Should().StartWith("xxx");

        await socket.SendBytesAsync(FrameOfSize((64 * 1024) + 1), WebSocketMessageType.Text);

        (await socket.WaitForCloseAsync()).Should().Be(WebSocketCloseStatus.MessageTooBig);
        await WaitUntilAsync(() => Registry.ConnectionsOf(user.Id).Count == 0);
    }

    [Fact]
    public async Task A_user_holding_the_maximum_of_sockets_who_opens_another_loses_the_oldest_with_1008()
    {
        var user = await _factory.RegisterUserAsync("many");
        await using var first = await TestSocket.OpenAsync(_factory, user);
        await using var second = await TestSocket.OpenAsync(_factory, user);

        await using var third = await TestSocket.OpenAsync(_factory, user);

        (await first.WaitForCloseAsync()).Should().Be(WebSocketCloseStatus.PolicyViolation);
        await second.ExpectNothingAsync();
        await third.ExpectNothingAsync();
        Registry.ConnectionsOf(user.Id).Select(c => c.SessionId).Should().Equal(second.SessionId, third.SessionId);
    }

    [Fact]
    public async Task Closing_or_dropping_sockets_empties_the_registry()
    {
        var user = await _factory.RegisterUserAsync("cleanup");
        var other = await _factory.RegisterUserAsync("cleanup2");
        var closing = await TestSocket.OpenAsync(_factory, user);
        var dropping = await TestSocket.OpenAsync(_factory, user);
        var third = await TestSocket.OpenAsync(_factory, other);
        Registry.ConnectionCount.Should().Be(3);
        Registry.OnlineUserCount.Should().Be(2);

        await closing.CloseAsync();
        closing.CloseStatus.Should().Be(WebSocketCloseStatus.NormalClosure);
        dropping.Drop();
        third.Drop();

        await WaitUntilAsync(() => Registry.ConnectionCount == 0);
        Registry.OnlineUserCount.Should().Be(0);
        Registry.IsOnline(user.Id).Should().BeFalse();
        await closing.DisposeAsync();
        await dropping.DisposeAsync();
        await third.DisposeAsync();
    }

    [Fact]
    public async Task Admin_stats_are_for_administrators_only()
    {
        var user = await _factory.RegisterUserAsync("notadmin");

        var response = await user.Client.GetAsync("/api/v1/admin/stats");

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    internal static byte[] FrameOfSize(int size)
    {
        var head = "{\"type\":\"ping\",\"ref\":\"";
        const string tail = "\"}";
        var padding = size - Encoding.UTF8.GetByteCount(head) - tail.Length;
        return Encoding.UTF8.GetBytes(head + new string('x', padding) + tail);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TestSocket.Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not become true in time.");
            }

            await Task.Delay(20);
        }
    }
}
