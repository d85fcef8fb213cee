using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;
using Chat.Api.Tests.Realtime;
using Chat.Api.Tests.Rooms;
using Chat.Application.Features.Messages.SendMessage;
using Chat.Domain.Messages;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Api.Tests.Messages;

/// <summary>
/// Sends through the group-commit writer over HTTP and the socket: a full send queue answers 429 <c>rate_limited</c>
/// with a short <c>Retry-After</c> (REST) or an <c>error</c> frame (socket); a burst of socket sends is answered frame by
/// frame; and two server processes sending into the same conversations of one database (SQLite file, PostgreSQL) keep
/// every conversation's seq gap-free and every client message id stored once.
/// </summary>
public sealed class GroupCommitApiTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_send_refused_for_a_full_send_queue_answers_429_rate_limited_with_a_Retry_After_of_at_most_two_seconds()
    {
        await using var factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?>
        {
            ["Chat:Sending:QueueCapacity"] = "1",
            ["Chat:Sending:MaxBatchSize"] = "1",
        });
        var alice = await factory.RegisterUserAsync("alice");
        var channel = await alice.GeneralChannelAsync(await alice.CreateRoomIdAsync("Full"));

        var writer = factory.Services.GetRequiredService<MessageWriter>();
        var acceptedBefore = writer.Accepted;
        var refusedWhileLocked = new List<HttpResponseMessage>();
        var sends = new List<Task<HttpResponseMessage>>();
        Task<HttpResponseMessage> Send(int i) => alice.Client.PostAsJsonAsync($"/api/v1/conversations/{channel}/messages", new { content = $"m{i}" });
        await using (var writeLock = await SqliteWriteLock.TakeAsync(factory.Database))
        {
            // One send in the writer's hands (waiting for the lock), then one in the queue, each waited for: sent all at
            // once, the writer may not have taken the first before the others arrive, and then only one fits.
            sends.Add(Send(0));
            await SocketConnectionTests.WaitUntilAsync(() => writer.Accepted - acceptedBefore == 1 && writer.Queued == 0);
            sends.Add(Send(1));
            await SocketConnectionTests.WaitUntilAsync(() => writer.Accepted - acceptedBefore == 2);

            // The queue is full: the others are refused at once.
            var refused = Enumerable.Range(2, 4).Select(Send).ToList();
            sends.AddRange(refused);
            refusedWhileLocked = [.. await Task.WhenAll(refused).WaitAsync(Patience)];
            sends.Take(2).Should().OnlyContain(s => !s.IsCompleted, "the first two wait for their commit while the lock is held");
        }

        refusedWhileLocked.Should().HaveCount(4, "at most one send is in the writer's hands and one in the queue");
        foreach (var refused in refusedWhileLocked)
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
            refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 2);
        }

        var answers = await Task.WhenAll(sends).WaitAsync(Patience);
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).Should().Be(2);
        var history = await alice.HistoryAsync(channel);
        history.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()).Order().Should().Equal(1, 2);
    }

    [Fact]
    public async Task Two_hundred_socket_sends_in_a_burst_are_each_answered_by_ref_with_message_sent_or_rate_limited()
    {
        // The default rate limits (SendMessage 30 per 10 s, Socket 60 per 10 s), not the tests' "off".
        await using var factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?>
        {
            ["Chat:RateLimits:SendMessage:PermitLimit"] = "30",
            ["Chat:RateLimits:Socket:PermitLimit"] = "60",
        });
        var alice = await factory.RegisterUserAsync("alice");
        var channel = await alice.GeneralChannelAsync(await alice.CreateRoomIdAsync("Burst"));
        await using var socket = await TestSocket.OpenAsync(factory, alice);

        const int Frames = 200;
        for (var i = 0; i < Frames; i++)
        {
            await socket.SendAsync(new { type = "send_message", @ref = $"s{i}", conversationId = channel, content = $"burst {i}", clientMessageId = $"c{i}" });
        }

        var answers = new Dictionary<string, JsonElement>();
        while (answers.Count < Frames)
        {
            var frame = await socket.NextAsync();
            if (frame.TryGetProperty("ref", out var reference))
            {
                answers.Add(reference.GetString()!, frame);
            }
        }

        answers.Keys.Should().BeEquivalentTo(Enumerable.Range(0, Frames).Select(i => $"s{i}"), "every frame is answered once, by its ref");
        var sent = answers.Values.Where(f => f.GetProperty("type").GetString() == "message_sent").ToList();
        var refused = answers.Values.Where(f => f.GetProperty("type").GetString() == "error").ToList();
        (sent.Count + refused.Count).Should().Be(Frames);
        refused.Should().OnlyContain(f => f.GetProperty("code").GetString() == "rate_limited");
        sent.Should().NotBeEmpty();
        sent.Select(ChatScenario.Seq).Order().Should().Equal(Enumerable.Range(1, sent.Count).Select(i => (long)i), "the stored sends have gap-free seqs");
        socket.Socket.State.Should().Be(System.Net.WebSockets.WebSocketState.Open);
    }

    [Fact]
    public async Task A_socket_reads_its_next_sends_while_the_first_commits_and_they_are_stored_and_answered_in_the_order_sent()
    {
        await using var factory = await ChatApiFactory.CreateAsync();
        var alice = await factory.RegisterUserAsync("alice");
        var channel = await alice.GeneralChannelAsync(await alice.CreateRoomIdAsync("Pipeline"));
        await using var socket = await TestSocket.OpenAsync(factory, alice);
        var writer = factory.Services.GetRequiredService<MessageWriter>();
        var (acceptedBefore, batchesBefore) = (writer.Accepted, writer.Batches);

        const int Frames = 10;
        await using (var writeLock = await SqliteWriteLock.TakeAsync(factory.Database))
        {
            for (var i = 0; i < Frames; i++)
            {
                await socket.SendAsync(new { type = "send_message", @ref = $"p{i}", conversationId = channel, content = $"in order {i}" });
            }

            // The writer holds the first send (or the first few) and waits for the lock; the socket went on reading, so
            // every send joins the queue. (When a socket waited for each answer before reading on, only the first was read.)
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (writer.Accepted - acceptedBefore < Frames && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            (writer.Accepted - acceptedBefore).Should().Be(Frames, "the socket read every send while the first one waited for its commit");
        }

        var answers = new List<JsonElement>();
        while (answers.Count < Frames)
        {
            answers.Add(await socket.ExpectAsync("message_sent"));
        }

        answers.Select(a => a.GetProperty("ref").GetString()).Should().Equal(Enumerable.Range(0, Frames).Select(i => $"p{i}"), "answers come in the order the sends were made");
        answers.Select(ChatScenario.Seq).Should().Equal(Enumerable.Range(1, Frames).Select(i => (long)i), "and are stored in that order");
        (writer.Batches - batchesBefore).Should().BeInRange(1, 2, "what the writer took before the lock, then the rest together");
    }

    [Fact]
    public Task Two_server_processes_sending_into_the_same_conversations_of_one_sqlite_file_keep_seqs_gap_free_and_client_ids_unique() =>
        TwoProcessesAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Two_server_processes_sending_into_the_same_conversations_of_one_Postgres_database_keep_seqs_gap_free_and_client_ids_unique() =>
        TwoProcessesAsync(DatabaseProvider.Postgres);

    private static async Task TwoProcessesAsync(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var dataDirectory = database.Directory ?? Directory.CreateTempSubdirectory("chat-tests-").FullName;
        var settings = TestServerSettings.For(database, dataDirectory, ChatApiFactory.SigningKey, null);
        await using var first = ChatServerProcess.Start(settings);
        (await first.WaitUntilReadyAsync(Patience)).Should().BeTrue(first.StandardError);
        await using var second = ChatServerProcess.Start(settings);
        (await second.WaitUntilReadyAsync(Patience)).Should().BeTrue(second.StandardError);
        try
        {
            using var clientA = Client(first);
            using var clientB = Client(second);
            var token = await RegisterAsync(clientA, "alice");
            clientA.DefaultRequestHeaders.Authorization = clientB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var alice = new TestUser(Guid.Empty, "alice", token, string.Empty, clientA);
            var conversations = new List<Guid>();
            for (var i = 0; i < 3; i++)
            {
                conversations.Add(await alice.GeneralChannelAsync(await alice.CreateRoomIdAsync($"Room {i}")));
            }

            // Every client id is sent twice at once, once through each process: the second must answer the first.
            const int PerConversation = 40;
            var sends = (
                    from conversation in conversations
                    from i in Enumerable.Range(0, PerConversation)
                    from client in new[] { clientA, clientB }
                    select (conversation, clientId: $"c{i}", Answer: client.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { content = $"m{i}", clientMessageId = $"c{i}" })))
                .ToList();
            await Task.WhenAll(sends.Select(s => s.Answer)).WaitAsync(Patience);

            foreach (var send in sends)
            {
                send.Answer.Result.StatusCode.Should().BeOneOf([HttpStatusCode.Created, HttpStatusCode.OK], await send.Answer.Result.Content.ReadAsStringAsync());
            }

            foreach (var pair in sends.GroupBy(s => (s.conversation, s.clientId)))
            {
                var ids = new List<Guid>();
                foreach (var send in pair)
                {
                    ids.Add((await send.Answer.Result.ReadJsonAsync()).GetProperty("id").GetGuid());
                }

                ids.Distinct().Should().ContainSingle("both processes answer the one message of client id {0}", pair.Key.clientId);
            }

            await using var db = database.CreateContext();
            var stored = await db.Set<Message>().AsNoTracking().Where(m => conversations.Contains(m.ConversationId)).ToListAsync();
            foreach (var conversation in conversations)
            {
                var messages = stored.Where(m => m.ConversationId == conversation).ToList();
                messages.Select(m => m.Seq).Order().Should().Equal(Enumerable.Range(1, PerConversation).Select(i => (long)i), "seqs are gap-free");
                messages.Select(m => m.ClientMessageId).Should().OnlyHaveUniqueItems().And.HaveCount(PerConversation);
            }
        }
        finally
        {
            if (database.Directory is null)
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    private static HttpClient Client(ChatServerProcess server) =>
        new() { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}"), Timeout = Patience };

    private static async Task<string> RegisterAsync(HttpClient client, string prefix)
    {
        var username = $"{prefix}_{Guid.NewGuid():N}"[..20];
        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { username, password = ApiTestExtensions.Password });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>SQLite's write lock, held by another connection until disposed.</summary>
    private sealed class SqliteWriteLock : IAsyncDisposable
    {
        private readonly SqliteConnection _connection;

        private SqliteWriteLock(SqliteConnection connection) => _connection = connection;

        public static async Task<SqliteWriteLock> TakeAsync(TestDatabase database)
        {
            var connection = new SqliteConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var begin = connection.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
            return new SqliteWriteLock(connection);
        }

        public async ValueTask DisposeAsync()
        {
            await using (var commit = _connection.CreateCommand())
            {
                commit.CommandText = "COMMIT";
                await commit.ExecuteNonQueryAsync();
            }

            await _connection.DisposeAsync();
        }
    }
}
