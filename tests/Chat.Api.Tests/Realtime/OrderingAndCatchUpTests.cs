using System.Net.Http.Json;
using System.Text.Json;
using Chat.Api.Tests.Friends;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;

namespace Chat.Api.Tests.Realtime;

/// <summary>Per-conversation order under concurrent senders, and a client that reconnects and catches up over REST.</summary>
public sealed class OrderingAndCatchUpTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ChatApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public Task Every_socket_gets_new_messages_in_seq_order_while_many_senders_write_at_once() => ConcurrentSendersAsync(_factory);

    /// <summary>PostgreSQL commits concurrent senders truly in parallel (row locks, not one database lock).</summary>
    [PostgresFact]
    public Task Every_socket_gets_new_messages_in_seq_order_while_many_senders_write_at_once_on_postgres() => Every_socket_gets_new_messages_in_seq_order_while_many_senders_write_at_onceAsync(DatabaseProvider.Postgres);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public Task Every_socket_gets_new_messages_in_seq_order_while_many_senders_write_at_once_on_sql_server() => Every_socket_gets_new_messages_in_seq_order_while_many_senders_write_at_onceAsync(DatabaseProvider.SqlServer);

    private static async Task Every_socket_gets_new_messages_in_seq_order_while_many_senders_write_at_onceAsync(DatabaseProvider provider)
    {
        await using var factory = await ChatApiFactory.CreateAsync(provider);
        await ConcurrentSendersAsync(factory);
    }

    private static async Task ConcurrentSendersAsync(ChatApiFactory factory)
    {
        const int perSender = 40;
        var users = await factory.UsersAsync(6, "order");
        var owner = users[0];
        var senders = users[1..];
        var conversation = await owner.GroupWithAsync(senders);
        await using var ownerPhone = await TestSocket.OpenAsync(factory, owner, "presence");
        await using var ownerLaptop = await TestSocket.OpenAsync(factory, owner, "presence");
        var senderSockets = new List<TestSocket>();
        foreach (var sender in senders)
        {
            senderSockets.Add(await TestSocket.OpenAsync(factory, sender, "presence"));
        }

        // Three senders write over their sockets (without waiting for answers), two over REST, all at once.
        var sending = senders.Select((sender, i) => Task.Run(async () =>
        {
            for (var n = 0; n < perSender; n++)
            {
                if (i < 3)
                {
                    await senderSockets[i].SendAsync(new { type = "send_message", conversationId = conversation, content = $"{i}:{n}", clientMessageId = $"{i}-{n}" });
                }
                else
                {
                    await sender.PostMessageAsync(conversation, $"{i}:{n}", $"{i}-{n}");
                }
            }
        })).ToList();
        await Task.WhenAll(sending);

        var total = perSender * senders.Length;
        foreach (var observer in new[] { ownerPhone, ownerLaptop }.Concat(senderSockets))
        {
            var received = await CollectAsync(observer, total);
            var pushed = received.Where(f => f.Type == "new_message").Select(f => f.Seq).ToList();
            pushed.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
            received.Select(f => f.Seq).Should().BeEquivalentTo(Enumerable.Range(1, total).Select(s => (long)s));
        }

        (await ownerPhone.DrainAsync()).Should().BeEmpty();
        foreach (var socket in senderSockets)
        {
            await socket.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_client_that_drops_while_others_send_edit_and_delete_catches_up_through_changes_and_ends_with_the_servers_state()
    {
        var users = await _factory.UsersAsync(3, "catch");
        var (alice, bob, carol) = (users[0], users[1], users[2]);
        var conversation = await alice.GroupWithAsync(bob, carol);
        var client = new ClientState();

        var bobPhone = await OpenAsync(bob);
        var m1 = await alice.PostMessageAsync(conversation, "one");
        var m2 = await carol.PostMessageAsync(conversation, "two");
        client.Apply(await bobPhone.ExpectAsync("new_message"));
        client.Apply(await bobPhone.ExpectAsync("new_message"));
        client.Version.Should().Be(2);

        bobPhone.Drop();
        await bobPhone.DisposeAsync();

        var m3 = await alice.PostMessageAsync(conversation, "three");
        await carol.PostMessageAsync(conversation, "four");
        (await alice.Client.PatchAsJsonAsync($"/api/v1/messages/{Id(m1)}", new { content = "one, edited" })).EnsureSuccessStatusCode();
        (await carol.Client.DeleteAsync($"/api/v1/messages/{Id(m2)}")).EnsureSuccessStatusCode();
        (await carol.Client.PostAsJsonAsync($"/api/v1/messages/{Id(m3)}/reactions", new { emoji = "👍" })).EnsureSuccessStatusCode();
        (await alice.Client.PatchAsJsonAsync($"/api/v1/messages/{Id(m3)}", new { content = "three, edited" })).EnsureSuccessStatusCode();

        // Reconnect first (so nothing from now on is missed), then catch up over REST while live events queue up.
        await using var bobAgain = await OpenAsync(bob);
        var liveWhileCatchingUp = await alice.PostMessageAsync(conversation, "five");

        var listed = (await bob.GetJsonAsync("/api/v1/conversations")).GetProperty("items").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == conversation);
        listed.GetProperty("version").GetInt64().Should().BeGreaterThan(client.Version);
        var since = client.Version;
        bool hasMore;
        do
        {
            var page = await bob.GetJsonAsync($"/api/v1/conversations/{conversation}/changes?since={since}&limit=2");
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                client.ApplyMessage(item);
            }

            since = page.GetProperty("version").GetInt64();
            hasMore = page.GetProperty("hasMore").GetBoolean();
        }
        while (hasMore);

        foreach (var frame in await bobAgain.DrainAsync())
        {
            client.Apply(frame);
        }

        var server = await bob.GetJsonAsync($"/api/v1/conversations/{conversation}/messages?includeDeleted=true&limit=100");
        var expected = server.GetProperty("items").EnumerateArray().Select(ClientState.ViewOf).ToList();
        client.Messages.Values.OrderBy(m => m.Seq).Should().Equal(expected);
        client.Messages.Should().ContainKey(Id(liveWhileCatchingUp));
        client.Messages[Id(m2)].IsDeleted.Should().BeTrue();
        client.Messages[Id(m1)].Content.Should().Be("one, edited");
        client.Version.Should().Be((await bob.GetJsonAsync($"/api/v1/conversations/{conversation}")).GetProperty("version").GetInt64());
    }

    private static Guid Id(JsonElement message) => message.GetProperty("id").GetGuid();

    private Task<TestSocket> OpenAsync(TestUser user) => TestSocket.OpenAsync(_factory, user, "presence");

    private static async Task<List<(string Type, long Seq)>> CollectAsync(TestSocket socket, int count)
    {
        var frames = new List<(string, long)>();
        while (frames.Count < count)
        {
            var frame = await socket.NextAsync();
            var type = frame.GetProperty("type").GetString()!;
            type.Should().BeOneOf("new_message", "message_sent");
            frames.Add((type, frame.Seq()));
        }

        return frames;
    }

    /// <summary>What a client keeps: each message's visible state, and the highest conversation version applied.</summary>
    private sealed class ClientState
    {
        public Dictionary<Guid, MessageView> Messages { get; } = [];

        public long Version { get; private set; }

        public static MessageView ViewOf(JsonElement message) => new(
            message.GetProperty("id").GetGuid(),
            message.GetProperty("seq").GetInt64(),
            message.GetProperty("content").ValueKind == JsonValueKind.Null ? null : message.GetProperty("content").GetString(),
            message.GetProperty("isDeleted").GetBoolean(),
            message.GetProperty("version").GetInt64(),
            string.Join(",", message.GetProperty("reactions").EnumerateArray().Select(r => $"{r.GetProperty("emoji").GetString()}{r.GetProperty("count").GetInt32()}")));

        public void Apply(JsonElement frame)
        {
            switch (frame.GetProperty("type").GetString())
            {
                case "new_message" or "message_edited":
                    ApplyMessage(frame.GetProperty("message"));
                    break;
                case "message_deleted":
                    var id = frame.GetProperty("messageId").GetGuid();
                    var version = frame.GetProperty("version").GetInt64();
                    if (Messages.TryGetValue(id, out var known) && known.Version < version)
                    {
                        Messages[id] = known with { Content = null, IsDeleted = true, Version = version, Reactions = string.Empty };
                    }

                    Version = Math.Max(Version, version);
                    break;
                default:
                    throw new InvalidOperationException("Unexpected frame " + frame.GetRawText());
            }
        }

        public void ApplyMessage(JsonElement message)
        {
            var view = ViewOf(message);
            if (!Messages.TryGetValue(view.Id, out var known) || known.Version < view.Version)
            {
                Messages[view.Id] = view;
            }

            Version = Math.Max(Version, view.Version);
        }
    }

    private sealed record MessageView(Guid Id, long Seq, string? Content, bool IsDeleted, long Version, string Reactions);
}
