using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Conversations;

public sealed class ConversationListTests(ConversationApiFixture fixture) : IClassFixture<ConversationApiFixture>
{
    private ConversationApiFactory Factory => fixture.Factory;

    [Fact]
    public async Task Conversations_come_newest_activity_first_each_with_last_message_unread_count_and_participants()
    {
        var (me, bob, carol) = await Factory.FriendsAsync(3) switch { var u => (u[0], u[1], u[2]) };
        var withBob = (await me.StartDirectAsync(bob)).Id();
        var withCarol = (await me.StartDirectAsync(carol)).Id();
        var group = (await me.StartGroupAsync("team", bob, carol)).Id();
        await bob.SendAsync(withBob, "from bob");

        var list = await me.GetJsonAsync("/api/v1/conversations");

        var items = list.GetProperty("items").EnumerateArray().ToList();
        items.Select(c => c.Id()).Should().Equal(withBob, group, withCarol);
        items[0].GetProperty("lastMessage").GetProperty("content").GetString().Should().Be("from bob");
        items[0].GetProperty("unreadCount").GetInt32().Should().Be(1);
        items[0].GetProperty("participants").GetArrayLength().Should().Be(2);
        items[1].GetProperty("participants").GetArrayLength().Should().Be(3);
        items[2].GetProperty("lastMessage").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        list.GetProperty("nextCursor").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);

        await carol.SendAsync(withCarol, "now me");
        (await me.GetJsonAsync("/api/v1/conversations")).GetProperty("items")[0].Id().Should().Be(withCarol);
    }

    [Fact]
    public async Task Paging_with_the_cursor_visits_every_conversation_once()
    {
        var users = await Factory.FriendsAsync(8, "pager");
        var me = users[0];
        var expected = new List<Guid>();
        foreach (var other in users[1..])
        {
            expected.Insert(0, (await me.StartDirectAsync(other)).Id());
        }

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await me.GetJsonAsync("/api/v1/conversations?limit=3" + (cursor is null ? string.Empty : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.Id()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        seen.Should().Equal(expected);
        await (await me.Client.GetAsync("/api/v1/conversations?cursor=not-a-cursor")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "bad_request");
        await (await me.Client.GetAsync("/api/v1/conversations?limit=500")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task Kind_and_search_narrow_the_list()
    {
        var (me, bob, carol) = await Factory.FriendsAsync(3) switch { var u => (u[0], u[1], u[2]) };
        await bob.Client.PatchAsJsonAsync("/api/v1/users/me", new { displayName = "Bobby Tables" });
        var withBob = (await me.StartDirectAsync(bob)).Id();
        var group = (await me.StartGroupAsync("Climbing Club", carol)).Id();

        Ids(await me.GetJsonAsync("/api/v1/conversations?kind=group")).Should().Equal(group);
        Ids(await me.GetJsonAsync("/api/v1/conversations?kind=direct")).Should().Equal(withBob);
        Ids(await me.GetJsonAsync("/api/v1/conversations?kind=channel")).Should().BeEmpty();
        Ids(await me.GetJsonAsync("/api/v1/conversations?search=climb")).Should().Equal(group);
        Ids(await me.GetJsonAsync("/api/v1/conversations?search=tables")).Should().Equal(withBob);
        Ids(await me.GetJsonAsync($"/api/v1/conversations?search={carol.Username[..8]}")).Should().Equal(group);
        Ids(await me.GetJsonAsync($"/api/v1/conversations?search={me.Username}")).Should().BeEmpty();
        await (await me.Client.GetAsync("/api/v1/conversations?kind=mystery")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "bad_request");
    }

    [Fact]
    public async Task Listing_conversations_costs_the_same_number_of_queries_for_two_or_twelve_conversations()
    {
        var few = await CountQueriesAsync(2);
        var many = await CountQueriesAsync(12);

        many.Should().Be(few);
        few.Should().BeLessThanOrEqualTo(8, "the page, the conversations, participants, last messages with their reactions, mentions and attachments, unread counts");
    }

    private async Task<int> CountQueriesAsync(int conversations)
    {
        var users = await Factory.FriendsAsync(conversations + 1, "counter");
        var me = users[0];
        foreach (var other in users[1..])
        {
            var direct = (await me.StartDirectAsync(other)).Id();
            var mine = await me.SendAsync(direct, "mine");
            await other.SendAsync(direct, $"hi @{me.Username}", replyToId: mine.Id());
            await other.Client.PostAsJsonAsync($"/api/v1/messages/{mine.Id()}/reactions", new { emoji = "👍" });
        }

        var group = (await me.StartGroupAsync("all", users[1..])).Id();
        await users[1].SendAsync(group, "group message");

        // Work off the request's path (the fan-out, sockets' markers) can land during one listing: the fewer of two counts.
        var (_, commands, _) = await Factory.Sql.RecordFewerOfTwoAsync(
            async () =>
            {
                var list = await me.GetJsonAsync("/api/v1/conversations");
                list.GetProperty("items").GetArrayLength().Should().Be(conversations + 1);
                return list;
            },
            TimeSpan.FromMilliseconds(500));
        return commands.Count;
    }

    private static IEnumerable<Guid> Ids(System.Text.Json.JsonElement page) => page.GetProperty("items").EnumerateArray().Select(c => c.Id());
}
