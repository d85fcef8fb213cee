using System.Net;
using System.Net.Http.Json;
using Chat.Api.Errors;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Friends;
using Chat.Api.Tests.Infrastructure;
using Chat.Api.Tests.Realtime;
using Chat.Api.Tests.Rooms;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Serilog.Core;
using Serilog.Events;

namespace Chat.Api.Tests.Operations;

/// <summary>
/// The shared retryable error (issue 10 §2): a database that is down or out of connections answers 503
/// <c>unavailable</c> with <c>Retry-After</c> (socket: <c>error</c> with <c>retryAfterSeconds</c>), logs one line per
/// failure kind per interval, and the server recovers when the database returns. Handled races log nothing at Error.
/// </summary>
public sealed class DatabaseOutageTests
{
    [PostgresFact]
    public async Task Postgres_going_away_answers_503_unavailable_logs_one_line_per_interval_and_recovers()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var proxy = new TcpProxy(target.Host!, target.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 5 }.ToString();
        var log = new LogCapture();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var factory = new ConfiguredApiFactory(database, new Dictionary<string, string?> { ["ConnectionStrings:Chat"] = throughProxy }, services =>
        {
            services.AddSingleton<ILogEventSink>(log);
            services.AddSingleton<FailureLog>(sp => new FailureLog(sp.GetRequiredService<ILogger<FailureLog>>(), sp.GetRequiredService<DatabaseHealth>(), clock));
        });
        var owner = await factory.RegisterUserAsync("outage");
        var channel = await owner.GeneralChannelAsync(await owner.CreateRoomIdAsync("Outage"));
        await owner.SendAsync(channel, "before");
        await using var socket = await TestSocket.OpenAsync(factory, owner);

        proxy.Cut();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 110; i++)
        {
            answers.Add(i % 2 == 0
                ? await owner.Client.GetAsync($"/api/v1/conversations/{channel}/messages?limit=20")
                : await ConversationApi.PostMessageAsync(owner, channel, "during", $"during-{i}"));
        }

        foreach (var answer in answers)
        {
            await answer.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
            answer.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(ProblemCodes.UnavailableRetryAfterSeconds));
        }

        (await factory.CreateClient().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await factory.CreateClient().GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        await socket.SendAsync(new { type = "send_message", @ref = "down", conversationId = channel, content = "over the socket", clientMessageId = "socket-down" });
        var error = await socket.ExpectAsync("error");
        error.GetProperty("code").GetString().Should().Be("unavailable");
        error.GetProperty("retryAfterSeconds").GetInt32().Should().Be(ProblemCodes.UnavailableRetryAfterSeconds);

        var failureLines = log.Events.Where(e => e.MessageTemplate.Text.StartsWith("Database failure", StringComparison.Ordinal)).ToList();
        failureLines.Should().ContainSingle(LogCapture.Describe(log.AtLeast(LogEventLevel.Warning)));
        failureLines[0].Exception.Should().BeNull("one line, no stack trace");
        log.Events.Where(e => e.Exception is not null).Should().BeEmpty("no stack traces: " + LogCapture.Describe(log.Events.Where(e => e.Exception is not null)));
        log.AtLeast(LogEventLevel.Error).Should().Equal(failureLines, "the request lines of 503s are Warning: " + LogCapture.Describe(log.AtLeast(LogEventLevel.Error)));

        // The next interval's first failure logs one line that counts the ones it stood for.
        clock.Advance(FailureLog.Interval + TimeSpan.FromSeconds(1));
        await (await owner.Client.GetAsync($"/api/v1/conversations/{channel}/messages")).ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
        var lines = log.Events.Where(e => e.MessageTemplate.Text.StartsWith("Database failure", StringComparison.Ordinal)).ToList();
        lines.Should().HaveCount(2);
        ((ScalarValue)lines[1].Properties["Suppressed"]).Value.Should().Be(110L);

        proxy.Restore();
        await WaitUntilAsync(async () => (await owner.Client.GetAsync($"/api/v1/conversations/{channel}/messages")).StatusCode == HttpStatusCode.OK);
        await owner.SendAsync(channel, "after");
        (await owner.HistoryAsync(channel)).Seqs().Should().Equal(1, 2);
        (await factory.CreateClient().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [PostgresFact]
    public async Task Postgres_with_default_pool_settings_answers_200_concurrent_history_reads_without_a_500_and_within_the_pool()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var defaults = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        defaults.Remove("Maximum Pool Size");
        await using var factory = new ChatApiFactory(database, new Dictionary<string, string?> { ["ConnectionStrings:Chat"] = defaults.ToString() });
        var owner = await factory.RegisterUserAsync("pool");
        var channel = await owner.GeneralChannelAsync(await owner.CreateRoomIdAsync("Pool"));
        for (var i = 0; i < 30; i++)
        {
            await owner.SendAsync(channel, $"message {i}");
        }

        var reads = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => owner.Client.GetAsync($"/api/v1/conversations/{channel}/messages?limit=50"))))
            .WaitAsync(TimeSpan.FromMinutes(3));

        foreach (var read in reads.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await read.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
        }

        await using var admin = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
        await admin.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = @name", admin);
        count.Parameters.AddWithValue("name", defaults.Database!);
        ((long)(await count.ExecuteScalarAsync())!).Should().BeLessThanOrEqualTo(DatabaseSetup.DefaultMaxPoolSize + 1, "one node keeps to its pool (the migration lock's session is closed)");
    }

    [Fact]
    public async Task Handled_races_leave_no_error_in_the_log() => await HandledRacesLeaveNoErrorAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public async Task Handled_races_leave_no_error_in_the_log_on_postgres() => await HandledRacesLeaveNoErrorAsync(DatabaseProvider.Postgres);

    [Fact]
    public async Task A_fresh_migrate_logs_no_error()
    {
        var directory = Path.Combine(Path.GetTempPath(), "chat-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var outcome = await ChatProcess.RunAsync(new Dictionary<string, string?> { ["Chat:DataDirectory"] = directory, ["Chat:Jwt:SigningKey"] = ChatApiFactory.SigningKey }, "migrate");

            outcome.ExitCode.Should().Be(0, outcome.StandardError);
            (outcome.StandardOutput + outcome.StandardError).Should().NotContain(" ERR]").And.NotContain(" FTL]");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    // Concurrent duplicate sends (one clientMessageId), friend requests both ways and direct conversations opened from
    // both sides at once: unique keys refuse the losers and the code resolves them. None of it is an error.
    private static async Task HandledRacesLeaveNoErrorAsync(DatabaseProvider provider)
    {
        var log = new LogCapture();
        await using var factory = new ConfiguredApiFactory(await TestDatabase.CreateAsync(provider), null, services => services.AddSingleton<ILogEventSink>(log));
        var others = new List<TestUser>();
        var me = await factory.RegisterUserAsync("racer");
        for (var round = 0; round < 10; round++)
        {
            var other = await factory.RegisterUserAsync("other");
            others.Add(other);
            var requests = await Task.WhenAll(
                Task.Run(() => me.Client.PostAsJsonAsync("/api/v1/friends/requests", new { userId = other.Id })),
                Task.Run(() => other.Client.PostAsJsonAsync("/api/v1/friends/requests", new { userId = me.Id })));
            requests.Should().OnlyContain(r => (int)r.StatusCode < 500);
            if (!await AreFriendsAsync(me, other))
            {
                await me.BefriendAsync(other);
            }

            var directs = await Task.WhenAll(
                Task.Run(() => me.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = other.Id })),
                Task.Run(() => other.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = me.Id })));
            directs.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.OK);
            var conversation = (await directs[0].ReadJsonAsync()).Id();

            var sends = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
                Task.Run(() => ConversationApi.PostMessageAsync(me, conversation, "once", $"dup-{round}"))));
            sends.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.OK);
        }

        log.AtLeast(LogEventLevel.Error).Should().BeEmpty(LogCapture.Describe(log.AtLeast(LogEventLevel.Error)));
    }

    private static async Task<bool> AreFriendsAsync(TestUser me, TestUser other)
    {
        var friends = await ConversationApi.GetJsonAsync(me, "/api/v1/friends?limit=100");
        return friends.GetProperty("items").EnumerateArray().Any(f => f.GetProperty("user").GetProperty("id").GetGuid() == other.Id);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            await Task.Delay(200, bound.Token);
        }
    }
}
