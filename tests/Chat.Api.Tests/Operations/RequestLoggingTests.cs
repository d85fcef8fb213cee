using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.Api.Tests.Rooms;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Chat.Api.Tests.Operations;

/// <summary>
/// What the request log holds (Serilog.AspNetCore's request line: method, route template, status, elapsed, user id,
/// trace id) and what no log event may hold: passwords, access tokens, invite codes, raw paths or query strings.
/// </summary>
public sealed class RequestLoggingTests : IAsyncLifetime
{
    private readonly CapturingSink _sink = new();
    private ChatApiFactory _factory = null!;
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _host = null!;

    public async Task InitializeAsync()
    {
        _factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?> { ["Chat:Logging:MinimumLevel"] = "Information" });
        _host = _factory.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(_sink)));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task A_request_line_names_the_route_template_status_user_and_trace_never_the_invite_code()
    {
        var owner = await RegisterAsync("logowner", "owner-password-1234");
        var roomId = await owner.CreateRoomIdAsync(isPublic: false);
        var code = await owner.CreateInviteAsync(roomId);
        _sink.Clear();

        var preview = await owner.Client.GetAsync($"/api/v1/invites/{code}?note=visible-query-value");

        preview.StatusCode.Should().Be(HttpStatusCode.OK);
        var line = await _sink.WaitForRequestLineAsync("/api/v1/invites/{code}");
        line.Properties["RequestMethod"].ToString().Should().Be("\"GET\"");
        ((ScalarValue)line.Properties["StatusCode"]).Value.Should().Be(200);
        ((ScalarValue)line.Properties["Elapsed"]).Value.Should().BeOfType<double>();
        line.Properties["UserId"].ToString().Should().Be($"\"{owner.Id}\"");
        line.Properties["TraceId"].ToString().Trim('"').Should().NotBeNullOrWhiteSpace();
        line.RenderMessage().Should().StartWith("HTTP \"GET\" \"/api/v1/invites/{code}\" responded 200 in ");
        _sink.ShouldNotContain(code, "visible-query-value", "owner-password-1234", owner.AccessToken);
    }

    [Fact]
    public async Task A_socket_request_with_a_token_in_the_query_logs_the_route_without_the_token()
    {
        var user = await RegisterAsync("logsocket", "socket-password-1234");
        _sink.Clear();

        // Not an upgrade request, so the endpoint refuses it after authentication read ?token=; what matters is the log.
        var response = await _host.CreateClient().GetAsync($"/ws?token={user.AccessToken}");

        response.IsSuccessStatusCode.Should().BeFalse();
        var line = await _sink.WaitForRequestLineAsync("/ws");
        ((ScalarValue)line.Properties["StatusCode"]).Value.Should().Be((int)response.StatusCode);
        _sink.ShouldNotContain(user.AccessToken, "token=");
    }

    [Fact]
    public async Task Logging_in_logs_the_route_and_status_but_neither_the_password_nor_the_tokens()
    {
        var user = await RegisterAsync("loglogin", "login-password-1234");
        _sink.Clear();

        var login = await _host.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { username = user.Username, password = "login-password-1234" });
        var wrong = await _host.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { username = user.Username, password = "wrong-password-5678" });

        login.StatusCode.Should().Be(HttpStatusCode.OK);
        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var tokens = await login.ReadJsonAsync();
        (await _sink.WaitForRequestLinesAsync("/api/v1/auth/login", 2)).Select(l => ((ScalarValue)l.Properties["StatusCode"]).Value)
            .Should().BeEquivalentTo(new object[] { 200, 401 });
        _sink.ShouldNotContain(
            "login-password-1234", "wrong-password-5678",
            tokens.GetProperty("accessToken").GetString()!, tokens.GetProperty("refreshToken").GetString()!);
    }

    [Fact]
    public async Task An_unmatched_path_is_logged_as_unmatched_not_as_its_raw_path()
    {
        _sink.Clear();

        var response = await _host.CreateClient().GetAsync("/api/v1/no-such-thing/secret-looking-segment?ticket=abc123");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var line = await _sink.WaitForRequestLineAsync(Chat.Api.Infrastructure.LoggingSetup.UnmatchedRoute);
        line.Properties["UserId"].ToString().Should().Be("null");
        _sink.ShouldNotContain("secret-looking-segment", "abc123");
    }

    private async Task<TestUser> RegisterAsync(string prefix, string password)
    {
        var username = $"{prefix}_{Guid.NewGuid():N}"[..24];
        var response = await _host.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { username, password });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.ReadJsonAsync();
        var accessToken = body.GetProperty("accessToken").GetString()!;
        return new TestUser(
            body.GetProperty("user").GetProperty("id").GetGuid(), username, accessToken, body.GetProperty("refreshToken").GetString()!,
            TestUser.Authorize(_host.CreateClient(), accessToken));
    }

    /// <summary>Every log event the host writes, as Serilog sees it (message template and properties).</summary>
    private sealed class CapturingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

        public void Clear() => _events.Clear();

        public async Task<LogEvent> WaitForRequestLineAsync(string route) => (await WaitForRequestLinesAsync(route, 1))[0];

        /// <summary>The request line is written after the response is sent, so the test may see the answer first.</summary>
        public async Task<IReadOnlyList<LogEvent>> WaitForRequestLinesAsync(string route, int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                var lines = _events.Where(e => e.Properties.TryGetValue("Route", out var r) && r.ToString() == $"\"{route}\"").ToList();
                if (lines.Count >= count || DateTime.UtcNow > deadline)
                {
                    lines.Should().HaveCountGreaterThanOrEqualTo(count, $"a request line for {route} should be logged; logged: {Describe()}");
                    return lines;
                }

                await Task.Delay(20);
            }
        }

        /// <summary>No event's rendered message, template or property value contains any of <paramref name="secrets"/>.</summary>
        public void ShouldNotContain(params string[] secrets)
        {
            var everything = Describe();
            foreach (var secret in secrets)
            {
                everything.Should().NotContain(secret);
            }
        }

        private string Describe() => string.Join(
            Environment.NewLine,
            _events.Select(e => $"{e.MessageTemplate.Text} | {e.RenderMessage()} | {string.Join("; ", e.Properties.Select(p => $"{p.Key}={p.Value}"))} | {e.Exception}"));
    }
}
