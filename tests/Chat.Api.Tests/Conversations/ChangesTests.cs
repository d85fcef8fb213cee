using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;

namespace Chat.Api.Tests.Conversations;

/// <summary>Catching up (rest.md): <c>changes?since=</c> brings every new message, edit, reaction change and delete, once.</summary>
public sealed class ChangesTests(ConversationApiFixture fixture) : IClassFixture<ConversationApiFixture>
{
    private static readonly string[] Emoji = ["👍", "🎉", "😂", "❤️", "👀"];

    [Fact]
    public async Task Changes_page_in_version_order_and_never_split_a_reply_from_its_thread_root()
    {
        var (alice, bob) = await fixture.Factory.FriendsAsync(2) switch { var u => (u[0], u[1]) };
        var conversationId = (await alice.StartDirectAsync(bob)).Id();
        var first = await alice.SendAsync(conversationId, "first");
        var second = await alice.SendAsync(conversationId, "second");
        var reply = await bob.SendAsync(conversationId, "reply to first", replyToId: first.Id());

        var page1 = await bob.GetJsonAsync($"/api/v1/conversations/{conversationId}/changes?since=0&limit=1");
        page1.GetProperty("items").EnumerateArray().Select(m => m.Id()).Should().Equal(second.Id());
        page1.GetProperty("version").GetInt64().Should().Be(2);
        page1.GetProperty("hasMore").GetBoolean().Should().BeTrue();

        var page2 = await bob.GetJsonAsync($"/api/v1/conversations/{conversationId}/changes?since=2&limit=1");
        page2.GetProperty("items").EnumerateArray().Select(m => (m.Id(), m.GetProperty("version").GetInt64())).Should().Equal((first.Id(), 3L), (reply.Id(), 3L));
        page2.GetProperty("items")[0].GetProperty("replyCount").GetInt32().Should().Be(1);
        page2.GetProperty("version").GetInt64().Should().Be(3);
        page2.GetProperty("hasMore").GetBoolean().Should().BeFalse();

        await alice.Client.DeleteAsync($"/api/v1/messages/{second.Id()}");
        var tombstones = await bob.GetJsonAsync($"/api/v1/conversations/{conversationId}/changes?since=3");
        var tombstone = tombstones.GetProperty("items").EnumerateArray().Single();
        tombstone.Id().Should().Be(second.Id());
        tombstone.GetProperty("isDeleted").GetBoolean().Should().BeTrue();
        tombstone.GetProperty("content").ValueKind.Should().Be(JsonValueKind.Null);
        tombstones.GetProperty("version").GetInt64().Should().Be(4);

        var caughtUp = await bob.GetJsonAsync($"/api/v1/conversations/{conversationId}/changes?since=4");
        caughtUp.GetProperty("items").GetArrayLength().Should().Be(0);
        caughtUp.GetProperty("version").GetInt64().Should().Be(4);
        await (await bob.Client.GetAsync($"/api/v1/conversations/{conversationId}/changes?since=-1")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public Task A_client_applying_changes_after_a_thousand_random_operations_ends_with_the_servers_state_on_sqlite() =>
        ReplayEndsWithServerStateAsync(DatabaseProvider.Sqlite, 1000);

    /// <summary>The same story, shorter (the SQLite run is the thousand): the provider-specific parts are the SQL, not the mix.</summary>
    [PostgresFact]
    public Task A_client_applying_changes_after_three_hundred_random_operations_ends_with_the_servers_state_on_postgres() =>
        ReplayEndsWithServerStateAsync(DatabaseProvider.Postgres, 300);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public Task A_client_applying_changes_after_three_hundred_random_operations_ends_with_the_servers_state_on_sql_server() =>
        ReplayEndsWithServerStateAsync(DatabaseProvider.SqlServer, 300);

    private static async Task ReplayEndsWithServerStateAsync(DatabaseProvider provider, int operations)
    {
        await using var factory = await ConversationApiFactory.CreateAsync(provider);
        var users = await factory.FriendsAsync(3, "mixer");
        var (owner, viewer) = (users[0], users[1]);
        var conversationId = (await owner.StartGroupAsync("mix", users[1..])).Id();

        var random = new Random(20261122);
        var messages = new List<(Guid Id, TestUser Sender)>();
        var deleted = new HashSet<Guid>();
        var client = new Dictionary<Guid, string>();
        long applied = 0;

        for (var operation = 0; operation < operations; operation++)
        {
            var actor = users[random.Next(users.Length)];
            var live = messages.Where(m => !deleted.Contains(m.Id)).ToList();
            var roll = live.Count == 0 ? 0 : random.Next(100);
            HttpResponseMessage response;
            if (roll < 40)
            {
                Guid? replyTo = live.Count > 0 && random.Next(4) == 0 ? live[random.Next(live.Count)].Id : null;
                response = await actor.PostMessageAsync(conversationId, $"message {operation} from {actor.Username}", replyToId: replyTo);
                messages.Add(((await response.ReadJsonAsync()).Id(), actor));
            }
            else if (roll < 60)
            {
                var (id, sender) = live[random.Next(live.Count)];
                response = await sender.Client.PatchAsJsonAsync($"/api/v1/messages/{id}", new { content = $"edited at {operation}" });
            }
            else if (roll < 70)
            {
                var (id, sender) = live[random.Next(live.Count)];
                response = await (random.Next(2) == 0 ? sender : owner).Client.DeleteAsync($"/api/v1/messages/{id}");
                deleted.Add(id);
            }
            else if (roll < 90)
            {
                response = await actor.Client.PostAsJsonAsync($"/api/v1/messages/{live[random.Next(live.Count)].Id}/reactions", new { emoji = Emoji[random.Next(Emoji.Length)] });
            }
            else
            {
                response = await actor.Client.DeleteAsync($"/api/v1/messages/{live[random.Next(live.Count)].Id}/reactions/{Uri.EscapeDataString(Emoji[random.Next(Emoji.Length)])}");
            }

            response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
            if (operation % 97 == 0)
            {
                applied = await CatchUpAsync(viewer, conversationId, applied, client);
            }
        }

        applied = await CatchUpAsync(viewer, conversationId, applied, client);

        var server = await ServerStateAsync(viewer, conversationId);
        client.Keys.Should().BeEquivalentTo(server.Keys);
        foreach (var (id, json) in server)
        {
            client[id].Should().Be(json);
        }

        applied.Should().Be((await viewer.GetJsonAsync($"/api/v1/conversations/{conversationId}")).GetProperty("version").GetInt64());
        deleted.Should().NotBeEmpty();
        server.Values.Should().Contain(json => json.Contains("\"reactions\":[{", StringComparison.Ordinal));
    }

    /// <summary>What a client does after being away: page through changes since its version, replacing each message it receives.</summary>
    private static async Task<long> CatchUpAsync(TestUser viewer, Guid conversationId, long since, Dictionary<Guid, string> client)
    {
        while (true)
        {
            var page = await viewer.GetJsonAsync($"/api/v1/conversations/{conversationId}/changes?since={since}&limit=37");
            foreach (var message in page.GetProperty("items").EnumerateArray())
            {
                message.GetProperty("version").GetInt64().Should().BeGreaterThan(since);
                client[message.Id()] = message.GetRawText();
            }

            since = page.GetProperty("version").GetInt64();
            if (!page.GetProperty("hasMore").GetBoolean())
            {
                return since;
            }
        }
    }

    private static async Task<Dictionary<Guid, string>> ServerStateAsync(TestUser viewer, Guid conversationId)
    {
        var state = new Dictionary<Guid, string>();
        long after = 0;
        while (true)
        {
            var page = await viewer.HistoryAsync(conversationId, $"?after={after}&limit=100&includeDeleted=true");
            foreach (var message in page.GetProperty("items").EnumerateArray())
            {
                state[message.Id()] = message.GetRawText();
                after = message.Seq();
            }

            if (!page.GetProperty("hasMoreAfter").GetBoolean())
            {
                return state;
            }
        }
    }
}
