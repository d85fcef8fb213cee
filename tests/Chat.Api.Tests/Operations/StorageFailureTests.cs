using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Chat.Api.Errors;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;
using Chat.Api.Tests.Realtime;
using Chat.Api.Tests.Rooms;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Core;
using Serilog.Events;

namespace Chat.Api.Tests.Operations;

/// <summary>
/// The database's storage failing under a running server (issue 10 §2): a full disk answers 503 <c>storage_full</c> with
/// <c>Retry-After</c> and writes nothing half; a corrupt file answers 503 <c>unavailable</c> and fails readiness. The
/// disk is made really full with SQLite's <c>PRAGMA max_page_count</c> (CI runs as root: permissions cannot fake it).
/// </summary>
public sealed class StorageFailureTests
{
    [Fact]
    public async Task A_full_disk_answers_503_storage_full_with_retry_after_writes_nothing_half_and_recovers_without_loss()
    {
        var pages = new PageLimit();
        var log = new LogCapture();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var factory = new ConfiguredApiFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), null, services =>
        {
            services.ConfigureDbContext<ChatDbContext>(options => options.AddInterceptors(pages));
            services.AddSingleton<ILogEventSink>(log);
            services.AddSingleton<FailureLog>(sp => new FailureLog(sp.GetRequiredService<ILogger<FailureLog>>(), sp.GetRequiredService<DatabaseHealth>(), clock));
        });
        var owner = await factory.RegisterUserAsync("full");
        var channel = await owner.GeneralChannelAsync(await owner.CreateRoomIdAsync("Full"));
        var stored = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await owner.SendAsync(channel, $"before {i}", $"before-{i}");
            stored.Add($"before-{i}");
        }

        await using var socket = await TestSocket.OpenAsync(factory, owner);
        pages.Full = true;

        // The next message that needs a page fails; smaller ones may still fit in free space before it.
        var big = new string('x', 3900);
        string? refused = null;
        for (var i = 0; i < 50 && refused is null; i++)
        {
            var response = await ConversationApi.PostMessageAsync(owner, channel, big, $"full-{i}");
            if (response.StatusCode == HttpStatusCode.Created)
            {
                stored.Add($"full-{i}");
                continue;
            }

            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "storage_full");
            response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(60));
            problem.GetProperty("retryAfterSeconds").GetInt32().Should().Be(60);
            refused = $"full-{i}";
        }

        refused.Should().NotBeNull("a database at its page limit refuses a message that needs a new page");
        var register = await factory.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { username = "latecomer", password = ApiTestExtensions.Password, displayName = big[..60] });
        if (register.StatusCode != HttpStatusCode.Created)
        {
            await register.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "storage_full");
        }

        await socket.SendAsync(new { type = "send_message", @ref = "s1", conversationId = channel, content = big, clientMessageId = "socket-full" });
        var error = await socket.ExpectAsync("error");
        error.GetProperty("code").GetString().Should().Be("storage_full");
        error.GetProperty("retryAfterSeconds").GetInt32().Should().Be(60);

        log.Events.Where(e => e.MessageTemplate.Text.StartsWith("Database failure", StringComparison.Ordinal))
            .Should().ContainSingle("one line per failure kind per interval: " + LogCapture.Describe(log.AtLeast(LogEventLevel.Warning)))
            .Which.Properties["FailureKind"].ToString().Should().Be("StorageFull");
        log.Events.Where(e => e.Exception is not null).Should().BeEmpty();
        pages.Full = false;

        // Nothing of the refused send was kept: the same clientMessageId is a new message (201, not the 200 of a repeat).
        var again = await ConversationApi.PostMessageAsync(owner, channel, big, refused);
        again.StatusCode.Should().Be(HttpStatusCode.Created, await again.Content.ReadAsStringAsync());
        stored.Add(refused!);
        var history = await owner.HistoryAsync(channel, "?limit=100");
        history.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("clientMessageId").GetString())
            .Should().BeEquivalentTo(stored, "every acknowledged message survived and nothing else was stored");
        history.Seqs().Order().Should().Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), "no seq was taken by a refused send");
        (await factory.CreateClient().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_corrupted_page_in_messages_answers_503_unavailable_and_fails_readiness_while_liveness_stays_up()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var file = Path.Combine(database.Directory!, "chat.db");
        Guid channel;
        await using (var first = new ChatApiFactory(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite)))
        {
            var owner = await first.RegisterUserAsync("corrupt");
            channel = await owner.GeneralChannelAsync(await owner.CreateRoomIdAsync("Corrupt"));
            for (var i = 0; i < 40; i++)
            {
                await owner.SendAsync(channel, new string('m', 500) + i);
            }

            // A clean, checkpointed copy of the whole database, taken while the server runs.
            await using var connection = new SqliteConnection(first.Database.ConnectionString);
            await connection.OpenAsync();
            await using var vacuum = connection.CreateCommand();
            vacuum.CommandText = $"VACUUM INTO '{file.Replace("'", "''", StringComparison.Ordinal)}'";
            await vacuum.ExecuteNonQueryAsync();
        }

        CorruptTablePages(file, "Messages");
        await using var factory = new ChatApiFactory(database);
        var anonymous = factory.CreateClient();
        (await anonymous.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK, "nothing has touched the bad page yet");

        var member = await ReadAsMemberAsync(factory, channel);
        await member.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
        member.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5));
        (await anonymous.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await anonymous.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    // The room is public: a new user joins it and reads the channel's history, which must read the corrupt pages.
    private static async Task<HttpResponseMessage> ReadAsMemberAsync(ChatApiFactory factory, Guid channel)
    {
        var member = await factory.RegisterUserAsync("member");
        var rooms = await ConversationApi.GetJsonAsync(member, "/api/v1/rooms/discover?search=Corrupt");
        await member.JoinAsync(rooms.GetProperty("items")[0].GetProperty("id").GetGuid());
        return await member.Client.GetAsync($"/api/v1/conversations/{channel}/messages?limit=50");
    }

    // Overwrites the b-tree page header of every page of the table but its root with bytes that are no page type, so
    // SQLite reports SQLITE_CORRUPT ("database disk image is malformed") when a query walks into them.
    private static void CorruptTablePages(string file, string table)
    {
        int pageSize;
        List<long> pages;
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_size";
            pageSize = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            command.CommandText = $"SELECT rootpage FROM sqlite_master WHERE name = '{table}'";
            var root = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            pages = [root];
        }

        SqliteConnection.ClearAllPools();
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        foreach (var page in pages)
        {
            // Page 1 carries the 100-byte file header before its b-tree header.
            stream.Position = ((page - 1) * pageSize) + (page == 1 ? 100 : 0);
            stream.Write(Enumerable.Repeat((byte)0xEE, 16).ToArray());
        }
    }

    /// <summary>Makes the test database's storage full (or not) on every connection the server opens.</summary>
    private sealed class PageLimit : DbConnectionInterceptor
    {
        public volatile bool Full;

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = Command(connection);
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = Command(connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // SQLite never sets the limit below the current size: 1 means "no larger than now".
        private DbCommand Command(DbConnection connection)
        {
            var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA max_page_count = {(Full ? 1 : 4294967294)};";
            return command;
        }
    }
}
