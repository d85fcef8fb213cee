using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Api.Tests.Friends;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Conversations;

public sealed class MessageTests(ConversationApiFixture fixture) : IClassFixture<ConversationApiFixture>
{
    private ConversationApiFactory Factory => fixture.Factory;

    private async Task<(TestUser Alice, TestUser Bob, Guid ConversationId)> DirectAsync()
    {
        var users = await Factory.FriendsAsync(2);
        return (users[0], users[1], (await users[0].StartDirectAsync(users[1])).Id());
    }

    [Fact]
    public async Task Sending_stores_the_message_with_the_next_seq_and_answers_the_full_shape()
    {
        var (alice, _, conversationId) = await DirectAsync();

        var response = await alice.PostMessageAsync(conversationId, "  hello there  ", "c-1");

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var message = await response.ReadJsonAsync();
        response.Headers.Location!.ToString().Should().Be($"/api/v1/messages/{message.Id()}");
        message.GetProperty("conversationId").GetGuid().Should().Be(conversationId);
        message.Seq().Should().Be(1);
        message.GetProperty("version").GetInt64().Should().Be(1);
        message.GetProperty("sender").Id().Should().Be(alice.Id);
        message.GetProperty("sender").GetProperty("username").GetString().Should().Be(alice.Username);
        message.GetProperty("content").GetString().Should().Be("hello there");
        message.GetProperty("clientMessageId").GetString().Should().Be("c-1");
        message.GetProperty("replyToId").ValueKind.Should().Be(JsonValueKind.Null);
        message.GetProperty("threadRootId").ValueKind.Should().Be(JsonValueKind.Null);
        message.GetProperty("replyCount").GetInt32().Should().Be(0);
        message.GetProperty("attachments").GetArrayLength().Should().Be(0);
        message.GetProperty("reactions").GetArrayLength().Should().Be(0);
        message.GetProperty("mentions").GetArrayLength().Should().Be(0);
        message.GetProperty("createdAt").GetString().Should().EndWith("+00:00");
        message.GetProperty("editedAt").ValueKind.Should().Be(JsonValueKind.Null);
        message.GetProperty("deletedAt").ValueKind.Should().Be(JsonValueKind.Null);
        message.GetProperty("isDeleted").GetBoolean().Should().BeFalse();
        message.GetProperty("status").GetString().Should().Be("sent");

        (await alice.SendAsync(conversationId, "second")).Seq().Should().Be(2);
    }

    [Fact]
    public async Task A_retry_with_the_same_client_message_id_answers_200_with_the_same_message_and_stores_nothing_new()
    {
        var (alice, bob, conversationId) = await DirectAsync();
        var first = await alice.SendAsync(conversationId, "once", "retry-me");

        var retry = await alice.PostMessageAsync(conversationId, "once (again)", "retry-me");

        retry.StatusCode.Should().Be(HttpStatusCode.OK);
        var again = await retry.ReadJsonAsync();
        again.Id().Should().Be(first.Id());
        again.GetProperty("content").GetString().Should().Be("once");
        (await bob.SendAsync(conversationId, "same id, other sender", "retry-me")).Seq().Should().Be(2);
        (await alice.HistoryAsync(conversationId)).Seqs().Should().Equal(1, 2);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task Content_must_not_be_empty(string? content)
    {
        var (alice, _, conversationId) = await DirectAsync();

        var problem = await (await alice.PostMessageAsync(conversationId, content)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        problem.GetProperty("errors").TryGetProperty("content", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Content_may_hold_four_thousand_characters_and_no_more()
    {
        var (alice, _, conversationId) = await DirectAsync();

        (await alice.PostMessageAsync(conversationId, new string('a', 4000))).StatusCode.Should().Be(HttpStatusCode.Created);
        await (await alice.PostMessageAsync(conversationId, new string('a', 4001))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await alice.PostMessageAsync(conversationId, "ok", new string('c', 101))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task A_reply_to_a_reply_joins_the_first_ones_thread_and_the_root_counts_its_replies()
    {
        var (alice, bob, conversationId) = await DirectAsync();
        var root = await alice.SendAsync(conversationId, "root");
        var reply = await bob.SendAsync(conversationId, "reply", replyToId: root.Id());
        var nested = await alice.SendAsync(conversationId, "reply to reply", replyToId: reply.Id());

        reply.GetProperty("threadRootId").GetGuid().Should().Be(root.Id());
        nested.GetProperty("replyToId").GetGuid().Should().Be(reply.Id());
        nested.GetProperty("threadRootId").GetGuid().Should().Be(root.Id());
        (await alice.GetJsonAsync($"/api/v1/messages/{root.Id()}")).GetProperty("replyCount").GetInt32().Should().Be(2);

        var thread = await bob.GetJsonAsync($"/api/v1/messages/{root.Id()}/thread");
        thread.GetProperty("items").EnumerateArray().Select(m => m.Id()).Should().Equal(reply.Id(), nested.Id());
        thread.GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
        var firstPage = await bob.GetJsonAsync($"/api/v1/messages/{root.Id()}/thread?limit=1");
        firstPage.GetProperty("items").EnumerateArray().Select(m => m.Id()).Should().Equal(reply.Id());
        var cursor = firstPage.GetProperty("nextCursor").GetString();
        var secondPage = await bob.GetJsonAsync($"/api/v1/messages/{root.Id()}/thread?limit=1&after={cursor}");
        secondPage.GetProperty("items").EnumerateArray().Select(m => m.Id()).Should().Equal(nested.Id());

        await (await bob.Client.DeleteAsync($"/api/v1/messages/{reply.Id()}")).ShouldBeNoContentAsync();
        (await alice.GetJsonAsync($"/api/v1/messages/{root.Id()}")).GetProperty("replyCount").GetInt32().Should().Be(1);
        (await bob.GetJsonAsync($"/api/v1/messages/{root.Id()}/thread")).GetProperty("items").EnumerateArray().Select(m => m.Id()).Should().Equal(nested.Id());
    }

    [Fact]
    public async Task A_reply_must_answer_a_message_of_the_same_conversation()
    {
        var (alice, bob, conversationId) = await DirectAsync();
        var carol = await Factory.RegisterUserAsync("carol");
        await alice.BefriendAsync(carol);
        var elsewhere = await alice.SendAsync((await alice.StartDirectAsync(carol)).Id(), "elsewhere");

        var problem = await (await alice.PostMessageAsync(conversationId, "reply", replyToId: elsewhere.Id())).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        problem.GetProperty("errors").TryGetProperty("replyToId", out _).Should().BeTrue();
        await (await alice.PostMessageAsync(conversationId, "reply", replyToId: Guid.NewGuid())).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        var deleted = await bob.SendAsync(conversationId, "soon gone");
        await bob.Client.DeleteAsync($"/api/v1/messages/{deleted.Id()}");
        await (await alice.PostMessageAsync(conversationId, "reply", replyToId: deleted.Id())).ShouldBeProblemAsync(HttpStatusCode.Conflict, "message_deleted");
    }

    [Fact]
    public async Task At_username_mentions_users_who_can_read_the_conversation_only()
    {
        var (owner, bob, carol) = await Factory.FriendsAsync(3) switch { var u => (u[0], u[1], u[2]) };
        var outsider = await Factory.RegisterUserAsync("outsider");
        var group = await owner.StartGroupAsync("team", bob, carol);

        var message = await owner.SendAsync(group.Id(), $"@{bob.Username.ToUpperInvariant()}, @{carol.Username}. and @{outsider.Username} and mail@{bob.Username}");

        message.GetProperty("mentions").EnumerateArray().Select(m => m.GetGuid()).Should().BeEquivalentTo([bob.Id, carol.Id]);

        var edited = await (await owner.Client.PatchAsJsonAsync($"/api/v1/messages/{message.Id()}", new { content = $"only @{carol.Username}" })).ReadJsonAsync();
        edited.GetProperty("mentions").EnumerateArray().Select(m => m.GetGuid()).Should().Equal(carol.Id);
    }

    [Fact]
    public async Task The_sender_edits_a_message_and_its_previous_contents_are_kept_oldest_first()
    {
        var (alice, bob, conversationId) = await DirectAsync();
        var message = await alice.SendAsync(conversationId, "first");

        var edited = await alice.Client.PatchAsJsonAsync($"/api/v1/messages/{message.Id()}", new { content = "second" });
        edited.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await edited.ReadJsonAsync();
        body.GetProperty("content").GetString().Should().Be("second");
        body.GetProperty("editedAt").GetString().Should().EndWith("+00:00");
        body.GetProperty("version").GetInt64().Should().Be(2);
        body.Seq().Should().Be(1);
        await alice.Client.PatchAsJsonAsync($"/api/v1/messages/{message.Id()}", new { content = "third" });

        var edits = await bob.GetJsonAsync($"/api/v1/messages/{message.Id()}/edits");
        edits.EnumerateArray().Select(e => e.GetProperty("content").GetString()).Should().Equal("first", "second");
        edits.EnumerateArray().Should().OnlyContain(e => e.GetProperty("editedAt").GetString()!.EndsWith("+00:00"));

        await (await bob.Client.PatchAsJsonAsync($"/api/v1/messages/{message.Id()}", new { content = "mine" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_sender");
        await (await alice.Client.PatchAsJsonAsync($"/api/v1/messages/{message.Id()}", new { content = " " })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Factory.Notifier.OfType("message_edited").Should().Contain(n => n.Event.GetProperty("message").Id() == message.Id() && n.UserIds.Contains(bob.Id));
    }

    [Fact]
    public async Task Deleting_leaves_a_tombstone_that_history_shows_only_on_request()
    {
        var (alice, bob, conversationId) = await DirectAsync();
        var message = await alice.SendAsync(conversationId, "regrettable");
        await bob.Client.PostAsJsonAsync($"/api/v1/messages/{message.Id()}/reactions", new { emoji = "😮" });
        await alice.Client.PatchAsJsonAsync($"/api/v1/messages/{message.Id()}", new { content = "still regrettable" });
        await alice.SendAsync(conversationId, "kept");

        await (await bob.Client.DeleteAsync($"/api/v1/messages/{message.Id()}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_sender");
        await (await alice.Client.DeleteAsync($"/api/v1/messages/{message.Id()}")).ShouldBeNoContentAsync();
        await (await alice.Client.DeleteAsync($"/api/v1/messages/{message.Id()}")).ShouldBeNoContentAsync();

        var tombstone = await bob.GetJsonAsync($"/api/v1/messages/{message.Id()}");
        tombstone.GetProperty("isDeleted").GetBoolean().Should().BeTrue();
        tombstone.GetProperty("content").ValueKind.Should().Be(JsonValueKind.Null);
        tombstone.GetProperty("reactions").GetArrayLength().Should().Be(0);
        tombstone.GetProperty("deletedAt").GetString().Should().EndWith("+00:00");
        tombstone.Seq().Should().Be(1);
        (await bob.GetJsonAsync($"/api/v1/messages/{message.Id()}/edits")).GetArrayLength().Should().Be(0);
        (await bob.HistoryAsync(conversationId)).Seqs().Should().Equal(2);
        (await bob.HistoryAsync(conversationId, "?includeDeleted=true")).Seqs().Should().Equal(1, 2);
        await (await alice.Client.PatchAsJsonAsync($"/api/v1/messages/{message.Id()}", new { content = "back" })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "message_deleted");
        Factory.Notifier.OfType("message_deleted").Should().Contain(n =>
            n.Event.GetProperty("messageId").GetGuid() == message.Id() && n.Event.GetProperty("seq").GetInt64() == 1 && n.UserIds.Contains(bob.Id));
    }

    [Fact]
    public async Task A_group_owner_deletes_anyones_message_and_members_only_their_own()
    {
        var (owner, bob, carol) = await Factory.FriendsAsync(3) switch { var u => (u[0], u[1], u[2]) };
        var group = await owner.StartGroupAsync("team", bob, carol);
        var fromBob = await bob.SendAsync(group.Id(), "bob's");

        await (await carol.Client.DeleteAsync($"/api/v1/messages/{fromBob.Id()}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_sender");
        await (await owner.Client.DeleteAsync($"/api/v1/messages/{fromBob.Id()}")).ShouldBeNoContentAsync();
        (await carol.GetJsonAsync($"/api/v1/messages/{fromBob.Id()}")).GetProperty("isDeleted").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Reactions_are_idempotent_counted_per_emoji_and_say_whether_the_viewer_chose_them()
    {
        var (alice, bob, conversationId) = await DirectAsync();
        var message = await alice.SendAsync(conversationId, "react to me");

        await (await bob.Client.PostAsJsonAsync($"/api/v1/messages/{message.Id()}/reactions", new { emoji = "👍" })).ShouldBeNoContentAsync();
        await (await bob.Client.PostAsJsonAsync($"/api/v1/messages/{message.Id()}/reactions", new { emoji = "👍" })).ShouldBeNoContentAsync();
        await (await alice.Client.PostAsJsonAsync($"/api/v1/messages/{message.Id()}/reactions", new { emoji = "👍" })).ShouldBeNoContentAsync();
        await (await alice.Client.PostAsJsonAsync($"/api/v1/messages/{message.Id()}/reactions", new { emoji = "🎉" })).ShouldBeNoContentAsync();

        var seenByBob = await bob.GetJsonAsync($"/api/v1/messages/{message.Id()}");
        seenByBob.GetProperty("version").GetInt64().Should().Be(4);
        Reactions(seenByBob).Should().Equal(("👍", 2, true), ("🎉", 1, false));
        Reactions(await alice.GetJsonAsync($"/api/v1/messages/{message.Id()}")).Should().Equal(("👍", 2, true), ("🎉", 1, true));

        await (await bob.Client.DeleteAsync($"/api/v1/messages/{message.Id()}/reactions/{Uri.EscapeDataString("👍")}")).ShouldBeNoContentAsync();
        await (await bob.Client.DeleteAsync($"/api/v1/messages/{message.Id()}/reactions/{Uri.EscapeDataString("👍")}")).ShouldBeNoContentAsync();
        Reactions(await bob.GetJsonAsync($"/api/v1/messages/{message.Id()}")).Should().Equal(("👍", 1, false), ("🎉", 1, false));

        Factory.Notifier.OfType("reaction_added").Where(n => n.Event.GetProperty("messageId").GetGuid() == message.Id()).Should().HaveCount(3);
        var removed = Factory.Notifier.OfType("reaction_removed").Single(n => n.Event.GetProperty("messageId").GetGuid() == message.Id());
        removed.Event.GetProperty("userId").GetGuid().Should().Be(bob.Id);
        removed.Event.GetProperty("emoji").GetString().Should().Be("👍");
        removed.Event.GetProperty("version").GetInt64().Should().Be(5);
    }

    [Fact]
    public async Task A_message_carries_at_most_twenty_different_emoji_and_emoji_are_checked()
    {
        var (alice, bob, conversationId) = await DirectAsync();
        var message = await alice.SendAsync(conversationId, "so many feelings");
        for (var i = 0; i < 20; i++)
        {
            await (await alice.Client.PostAsJsonAsync($"/api/v1/messages/{message.Id()}/reactions", new { emoji = char.ConvertFromUtf32(0x1F600 + i) })).ShouldBeNoContentAsync();
        }

        await (await bob.Client.PostAsJsonAsync($"/api/v1/messages/{message.Id()}/reactions", new { emoji = "🦊" })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "too_many_reactions");
        await (await bob.Client.PostAsJsonAsync($"/api/v1/messages/{message.Id()}/reactions", new { emoji = "😃" })).ShouldBeNoContentAsync();
        await (await bob.Client.PostAsJsonAsync($"/api/v1/messages/{message.Id()}/reactions", new { emoji = "two words" })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await bob.Client.PostAsJsonAsync($"/api/v1/messages/{message.Id()}/reactions", new { emoji = "e3" })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await bob.Client.PostAsJsonAsync($"/api/v1/messages/{message.Id()}/reactions", new { emoji = new string('x', 33) })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await bob.Client.PostAsJsonAsync($"/api/v1/messages/{message.Id()}/reactions", new { })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        await alice.Client.DeleteAsync($"/api/v1/messages/{message.Id()}");
        await (await bob.Client.PostAsJsonAsync($"/api/v1/messages/{message.Id()}/reactions", new { emoji = "👍" })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "message_deleted");
    }

    [Fact]
    public async Task Sending_is_rate_limited_per_user_with_retry_after()
    {
        await using var factory = await ConversationApiFactory.CreateAsync(new Dictionary<string, string?> { ["Chat:RateLimits:SendMessage:PermitLimit"] = "2" });
        var users = await factory.FriendsAsync(2);
        var direct = await users[0].StartDirectAsync(users[1]);

        await users[0].SendAsync(direct.Id(), "one");
        await users[0].SendAsync(direct.Id(), "two");
        var refused = await users[0].PostMessageAsync(direct.Id(), "three");

        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        refused.Headers.RetryAfter!.Delta.Should().BePositive();
        (await users[1].PostMessageAsync(direct.Id(), "the other user still may")).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task New_messages_reach_every_participant_and_the_senders_own_view_carries_its_status()
    {
        var (alice, bob, conversationId) = await DirectAsync();

        var message = await alice.SendAsync(conversationId, "ping");

        var pushes = Factory.Notifier.OfType("new_message").Where(n => n.Event.GetProperty("message").Id() == message.Id()).ToList();
        pushes.SelectMany(p => p.UserIds).Should().BeEquivalentTo([alice.Id, bob.Id]);
        pushes.Single(p => p.UserIds.Contains(alice.Id)).Event.GetProperty("message").GetProperty("status").GetString().Should().Be("sent");
        pushes.Single(p => p.UserIds.Contains(bob.Id)).Event.GetProperty("message").GetProperty("status").ValueKind.Should().Be(JsonValueKind.Null);
        pushes.Single(p => p.UserIds.Contains(bob.Id)).Event.GetProperty("message").GetProperty("content").GetString().Should().Be("ping");
    }

    private static IEnumerable<(string, int, bool)> Reactions(JsonElement message) =>
        message.GetProperty("reactions").EnumerateArray()
            .Select(r => (r.GetProperty("emoji").GetString()!, r.GetProperty("count").GetInt32(), r.GetProperty("me").GetBoolean()));
}
