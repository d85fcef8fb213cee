using System.Globalization;
using System.Net;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Operations;

/// <summary>
/// The Prometheus scrape endpoint: who may scrape it, and the server's own meters moving after a send. Meters are
/// process-wide by name, so a test server that stops mid-test would take its series with it: these tests run alone.
/// </summary>
[Collection(Name)]
public sealed class MetricsTests : IAsyncLifetime
{
    public const string Name = "Metrics";
    private const string ScrapeToken = "scrape-token-for-tests";

    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync() =>
        _factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?> { ["Chat:Metrics:ScrapeToken"] = ScrapeToken });

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Metrics_are_served_to_loopback_callers_and_the_scrape_token_and_refused_to_anyone_else()
    {
        (await ScrapeAsync(from: "127.0.0.1")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await ScrapeAsync(from: "203.0.113.7", token: ScrapeToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await ScrapeAsync(from: "203.0.113.7")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await ScrapeAsync(from: "203.0.113.7", token: "wrong")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_send_moves_the_message_counter_the_latency_histogram_and_the_deliveries_and_paths_stay_templates()
    {
        var (alice, bob) = await _factory.FriendsAsync(2, "meter") switch { var u => (u[0], u[1]) };
        var conversation = (await alice.StartDirectAsync(bob)).Id();
        await using var socket = await Realtime.TestSocket.OpenAsync(_factory, bob, "presence", "conversation_created");
        var before = await ReadAsync();

        await alice.SendAsync(conversation, "counted");
        await socket.ExpectAsync("new_message");
        var failed = await _factory.CreateClient().PostAsync("/api/v1/auth/login",
            new StringContent("""{"username":"nobody-here","password":"wrong-password"}""", System.Text.Encoding.UTF8, "application/json"));
        failed.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var after = await ReadAsync();
        Sum(after, "chat_messages_sent_total").Should().BeGreaterThanOrEqualTo(Sum(before, "chat_messages_sent_total") + 1);
        Sum(after, "chat_message_send_duration_seconds_count").Should().BeGreaterThanOrEqualTo(Sum(before, "chat_message_send_duration_seconds_count") + 1);
        // Buckets in seconds: a send answered well within a second lands below le="1" (the SDK's default bounds, meant
        // for milliseconds, started at le="5" and put every send there).
        after.Should().Contain("chat_message_send_duration_seconds_bucket{otel_scope_name=\"Chat.Server\",le=\"0.001\"}");
        Sum(after, "chat_message_send_duration_seconds_bucket", "le=\"1\"")
            .Should().BeGreaterThanOrEqualTo(Sum(before, "chat_message_send_duration_seconds_bucket", "le=\"1\"") + 1);
        Sum(after, "chat_deliveries_total").Should().BeGreaterThan(Sum(before, "chat_deliveries_total"));
        Sum(after, "chat_auth_failures_total").Should().BeGreaterThanOrEqualTo(Sum(before, "chat_auth_failures_total") + 1);
        Sum(after, "chat_sockets_open").Should().BeGreaterThanOrEqualTo(1);
        after.Should().Contain("http_server_request_duration_seconds", "ASP.NET Core's own meter is exported");
        after.Should().NotContain(conversation.ToString(), "metrics carry route templates, never raw paths");
    }

    private async Task<HttpResponseMessage> ScrapeAsync(string from, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add(ClientAddressStartupFilter.Header, from);
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return await _factory.CreateClient().SendAsync(request);
    }

    private async Task<string> ReadAsync()
    {
        var response = await ScrapeAsync(from: "127.0.0.1");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    // The sum over every series of a metric (other test servers in this process may add series of their own), or over
    // those whose labels include `label`. A sample line is `name{labels} value [timestamp]`.
    private static double Sum(string exposition, string metric, string? label = null) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(metric + " ", StringComparison.Ordinal) || line.StartsWith(metric + "{", StringComparison.Ordinal))
            .Where(line => label is null || line.Contains(label, StringComparison.Ordinal))
            .Select(line => line[(line.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : metric.Length)..])
            .Sum(rest => double.Parse(rest.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture));
}

[CollectionDefinition(MetricsTests.Name, DisableParallelization = true)]
public sealed class MetricsCollection;
