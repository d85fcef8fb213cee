using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Friends;
using Chat.Api.Tests.Infrastructure;

using Chat.Infrastructure.Persistence;
using Chat.TestSupport;

namespace Chat.Api.Tests.Security;

/// <summary>
/// Issue 10 §4: in a direct conversation a block stops every write by either side (send, reply, edit, react, typing,
/// read) with 403 <c>blocked</c>, over REST and the socket; deleting one's own message stays allowed. In groups the
/// blocker gets no mention from the blocked user.
/// </summary>
public sealed class BlockPathTests
{
    [Fact]
    public async Task A_block_stops_every_write_of_either_side_in_their_direct_conversation() => await EveryPathAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public async Task A_block_stops_every_write_of_either_side_on_postgres() => await EveryPathAsync(DatabaseProvider.Postgres);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public async Task A_block_stops_every_write_of_either_side_on_sql_server() => await EveryPathAsync(DatabaseProvider.SqlServer);

    [Fact]
    public async Task In_a_group_the_blocker_gets_no_mention_from_the_blocked_user_and_others_still_do()
    {
        await using var factory = await ConversationApiFactory.CreateAsync();
        var (alice, bob, carol) = await ThreeAsync(factory);
        var group = (await alice.StartGroupAsync("team", bob, carol)).Id();
        (await alice.Client.PostAsJsonAsync("/api/v1/blocks", new { userId = bob.Id })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var message = await bob.SendAsync(group, $"hey @{alice.Username} and @{carol.Username}");

        message.GetProperty("mentions").EnumerateArray().Select(m => m.GetGuid()).Should().Equal(carol.Id);
    }

    private static async Task EveryPathAsync(DatabaseProvider provider)
    {
        await using var factory = await ConversationApiFactory.CreateAsync(provider);
        var (alice, bob, _) = await ThreeAsync(factory);
        var direct = (await alice.StartDirectAsync(bob)).Id();
        var fromAlice = await alice.SendAsync(direct, "hello bob");
        var fromBob = await bob.SendAsync(direct, "hello alice");
        await using var bobSocket = await Chat.Api.Tests.Realtime.TestSocket.OpenAsync(factory, bob, "presence");
        (await alice.Client.PostAsJsonAsync("/api/v1/blocks", new { userId = bob.Id })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        foreach (var (who, own, theirs) in new[] { (bob, fromBob, fromAlice), (alice, fromAlice, fromBob) })
        {
            var attempts = new Dictionary<string, HttpResponseMessage>
            {
                ["send"] = await who.PostMessageAsync(direct, "still there?"),
                ["reply"] = await who.PostMessageAsync(direct, "replying", replyToId: theirs.Id()),
                ["edit"] = await who.Client.PatchAsJsonAsync($"/api/v1/messages/{own.Id()}", new { content = "edited" }),
                ["react"] = await who.Client.PostAsJsonAsync($"/api/v1/messages/{theirs.Id()}/reactions", new { emoji = "👍" }),
                ["read message"] = await who.Client.PutAsync($"/api/v1/messages/{theirs.Id()}/read", null),
                ["read conversation"] = await who.Client.PostAsJsonAsync($"/api/v1/conversations/{direct}/read", new { seq = theirs.Seq() }),
            };
            foreach (var (path, answer) in attempts)
            {
                (await answer.Content.ReadAsStringAsync()).Should().Contain("\"blocked\"", $"{who.Username}: {path}");
                answer.StatusCode.Should().Be(HttpStatusCode.Forbidden, $"{who.Username}: {path}");
            }
        }

        foreach (var frame in new object[]
        {
            new { type = "typing", conversationId = direct, isTyping = true, @ref = "t" },
            new { type = "edit_message", messageId = fromBob.Id(), content = "over the socket", @ref = "e" },
            new { type = "mark_read", conversationId = direct, seq = fromAlice.Seq(), @ref = "r" },
            new { type = "send_message", conversationId = direct, content = "socket send", clientMessageId = "c1", @ref = "s" },
        })
        {
            await bobSocket.SendAsync(frame);
            (await bobSocket.ExpectAsync("error")).GetProperty("code").GetString().Should().Be("blocked");
        }

        (await bob.Client.DeleteAsync($"/api/v1/messages/{fromBob.Id()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    private static async Task<(TestUser Alice, TestUser Bob, TestUser Carol)> ThreeAsync(ChatApiFactory factory)
    {
        var users = await factory.FriendsAsync(3, "blk");
        await users[1].BefriendAsync(users[2]);
        return (users[0], users[1], users[2]);
    }
}
