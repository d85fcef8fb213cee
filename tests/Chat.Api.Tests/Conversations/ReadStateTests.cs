using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Conversations;

public sealed class ReadStateTests(ConversationApiFixture fixture) : IClassFixture<ConversationApiFixture>
{
    private ConversationApiFactory Factory => fixture.Factory;

    private async Task<JsonConversation> ConversationAsync(Guid conversationId, TestUser viewer) =>
        new(await viewer.GetJsonAsync($"/api/v1/conversations/{conversationId}"));

    [Fact]
    public async Task The_read_marker_only_moves_forward_and_unread_counts_follow_it()
    {
        var (alice, bob) = await Factory.FriendsAsync(2) switch { var u => (u[0], u[1]) };
        var conversationId = (await alice.StartDirectAsync(bob)).Id();
        var sent = new List<System.Text.Json.JsonElement>();
        for (var i = 1; i <= 5; i++)
        {
            sent.Add(await alice.SendAsync(conversationId, $"m{i}"));
        }

        (await ConversationAsync(conversationId, bob)).UnreadCount.Should().Be(5);
        (await ConversationAsync(conversationId, alice)).UnreadCount.Should().Be(0);
        (await ConversationAsync(conversationId, alice)).LastReadSeq.Should().Be(5);

        await (await bob.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/read", new { seq = 3 })).ShouldBeNoContentAsync();
        await (await bob.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/read", new { seq = 1 })).ShouldBeNoContentAsync();
        var afterBackwards = await ConversationAsync(conversationId, bob);
        afterBackwards.LastReadSeq.Should().Be(3);
        afterBackwards.UnreadCount.Should().Be(2);

        await (await bob.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/read", new { messageId = sent[3].Id() })).ShouldBeNoContentAsync();
        (await ConversationAsync(conversationId, bob)).LastReadSeq.Should().Be(4);
        await (await bob.Client.PutAsync($"/api/v1/messages/{sent[4].Id()}/read", null)).ShouldBeNoContentAsync();
        (await ConversationAsync(conversationId, bob)).UnreadCount.Should().Be(0);

        await (await bob.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/read", new { seq = 99 })).ShouldBeNoContentAsync();
        (await ConversationAsync(conversationId, bob)).LastReadSeq.Should().Be(5);

        var read = Factory.Notifier.OfType("message_read").Where(n => n.Event.GetProperty("conversationId").GetGuid() == conversationId).ToList();
        read.Select(n => n.Event.GetProperty("seq").GetInt64()).Should().Equal(3, 4, 5);
        read.Should().OnlyContain(n => n.Event.GetProperty("userId").GetGuid() == bob.Id && n.UserIds.Contains(alice.Id) && n.UserIds.Contains(bob.Id));
    }

    [Fact]
    public async Task Marking_read_needs_exactly_one_of_seq_and_a_message_of_this_conversation()
    {
        var (alice, bob, carol) = await Factory.FriendsAsync(3) switch { var u => (u[0], u[1], u[2]) };
        var conversationId = (await alice.StartDirectAsync(bob)).Id();
        var elsewhere = await alice.SendAsync((await alice.StartDirectAsync(carol)).Id(), "elsewhere");

        await (await bob.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/read", new { })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await bob.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/read", new { seq = 1, messageId = elsewhere.Id() })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var problem = await (await bob.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/read", new { messageId = elsewhere.Id() })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        problem.GetProperty("errors").TryGetProperty("messageId", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Unread_counts_leave_out_own_and_deleted_messages_and_sum_over_conversations()
    {
        var (me, bob, carol) = await Factory.FriendsAsync(3) switch { var u => (u[0], u[1], u[2]) };
        var withBob = (await me.StartDirectAsync(bob)).Id();
        var group = (await me.StartGroupAsync("team", bob, carol)).Id();
        await bob.SendAsync(withBob, "1");
        var doomed = await bob.SendAsync(withBob, "2");
        await bob.SendAsync(withBob, "3");
        await me.SendAsync(group, "mine");
        await carol.SendAsync(group, "carol's");
        await bob.Client.DeleteAsync($"/api/v1/messages/{doomed.Id()}");

        var unread = await me.GetJsonAsync("/api/v1/unread");

        unread.GetProperty("total").GetInt32().Should().Be(3);
        unread.GetProperty("conversations").EnumerateArray()
            .Select(c => (c.GetProperty("conversationId").GetGuid(), c.GetProperty("unreadCount").GetInt32()))
            .Should().BeEquivalentTo([(withBob, 2), (group, 1)]);

        await me.Client.PostAsJsonAsync($"/api/v1/conversations/{withBob}/read", new { seq = 3 });
        var after = await me.GetJsonAsync("/api/v1/unread");
        after.GetProperty("total").GetInt32().Should().Be(1);
        after.GetProperty("conversations").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Own_messages_in_a_direct_conversation_go_from_sent_to_delivered_to_read()
    {
        var (alice, bob) = await Factory.FriendsAsync(2) switch { var u => (u[0], u[1]) };
        var conversationId = (await alice.StartDirectAsync(bob)).Id();
        var message = await alice.SendAsync(conversationId, "did you get this?");
        message.GetProperty("status").GetString().Should().Be("sent");

        await bob.HistoryAsync(conversationId);
        (await alice.GetJsonAsync($"/api/v1/messages/{message.Id()}")).GetProperty("status").GetString().Should().Be("delivered");
        (await bob.GetJsonAsync($"/api/v1/messages/{message.Id()}")).GetProperty("status").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        Factory.Notifier.OfType("message_delivered").Should().Contain(n =>
            n.Event.GetProperty("conversationId").GetGuid() == conversationId && n.Event.GetProperty("userId").GetGuid() == bob.Id
            && n.Event.GetProperty("seq").GetInt64() == 1 && n.UserIds.SequenceEqual(new[] { alice.Id }));

        await bob.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/read", new { seq = 1 });
        (await alice.GetJsonAsync($"/api/v1/messages/{message.Id()}")).GetProperty("status").GetString().Should().Be("read");
        (await alice.HistoryAsync(conversationId)).GetProperty("items")[0].GetProperty("status").GetString().Should().Be("read");
    }

    [Fact]
    public async Task Group_messages_carry_no_status_and_delivery_is_not_announced()
    {
        var (owner, bob) = await Factory.FriendsAsync(2) switch { var u => (u[0], u[1]) };
        var group = (await owner.StartGroupAsync("team", bob)).Id();
        var message = await owner.SendAsync(group, "hello team");

        await bob.HistoryAsync(group);

        message.GetProperty("status").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        Factory.Notifier.OfType("message_delivered").Should().NotContain(n => n.Event.GetProperty("conversationId").GetGuid() == group);
    }

    private sealed record JsonConversation(System.Text.Json.JsonElement Json)
    {
        public int UnreadCount => Json.GetProperty("unreadCount").GetInt32();

        public long LastReadSeq => Json.GetProperty("lastReadSeq").GetInt64();
    }
}
