using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Friends;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Conversations;

public sealed class DirectConversationTests(ConversationApiFixture fixture) : IClassFixture<ConversationApiFixture>
{
    private ConversationApiFactory Factory => fixture.Factory;

    [Fact]
    public async Task Starting_a_direct_conversation_creates_it_once_and_returns_the_same_one_afterwards_from_either_side()
    {
        var (alice, bob) = await Factory.FriendsAsync(2) switch { var u => (u[0], u[1]) };

        var created = await alice.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = bob.Id });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var conversation = await created.ReadJsonAsync();
        created.Headers.Location!.ToString().Should().Be($"/api/v1/conversations/{conversation.Id()}");
        conversation.GetProperty("kind").GetString().Should().Be("direct");
        conversation.GetProperty("title").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        conversation.GetProperty("lastMessage").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        conversation.GetProperty("lastSeq").GetInt64().Should().Be(0);
        conversation.GetProperty("version").GetInt64().Should().Be(0);
        conversation.GetProperty("unreadCount").GetInt32().Should().Be(0);
        conversation.GetProperty("lastReadSeq").GetInt64().Should().Be(0);
        conversation.GetProperty("createdAt").GetString().Should().EndWith("+00:00");
        var participants = conversation.GetProperty("participants").EnumerateArray().ToList();
        participants.Select(p => p.GetProperty("id").GetGuid()).Should().BeEquivalentTo([alice.Id, bob.Id]);
        participants.Should().OnlyContain(p => p.GetProperty("role").GetString() == "member");
        participants.Single(p => p.GetProperty("id").GetGuid() == bob.Id).GetProperty("username").GetString().Should().Be(bob.Username);

        var again = await alice.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = bob.Id });
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await again.ReadJsonAsync()).Id().Should().Be(conversation.Id());

        var fromBob = await bob.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = alice.Id });
        fromBob.StatusCode.Should().Be(HttpStatusCode.OK);
        (await fromBob.ReadJsonAsync()).Id().Should().Be(conversation.Id());
    }

    [Fact]
    public async Task Starting_a_direct_conversation_with_someone_who_is_not_a_friend_is_refused()
    {
        var alice = await Factory.RegisterUserAsync("alice");
        var stranger = await Factory.RegisterUserAsync("stranger");

        var response = await alice.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = stranger.Id });

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_friends");
    }

    [Fact]
    public async Task Strangers_may_talk_when_friendship_is_not_required()
    {
        await using var factory = await ConversationApiFactory.CreateAsync(new Dictionary<string, string?> { ["Chat:DirectMessages:RequireFriendship"] = "false" });
        var alice = await factory.RegisterUserAsync("alice");
        var stranger = await factory.RegisterUserAsync("stranger");

        var response = await alice.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = stranger.Id });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_block_in_either_direction_stops_starting_a_direct_conversation()
    {
        var (alice, bob, carol) = await Factory.FriendsAsync(3) switch { var u => (u[0], u[1], u[2]) };
        await (await bob.BlockAsync(alice.Id)).ShouldBeNoContentAsync();
        await (await alice.BlockAsync(carol.Id)).ShouldBeNoContentAsync();

        await (await alice.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = bob.Id })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "blocked");
        await (await alice.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = carol.Id })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "blocked");
    }

    [Fact]
    public async Task Sending_to_a_blocked_user_is_refused_but_history_stays_readable()
    {
        var (alice, bob) = await Factory.FriendsAsync(2) switch { var u => (u[0], u[1]) };
        var direct = await alice.StartDirectAsync(bob);
        await alice.SendAsync(direct.Id(), "before the block");
        await (await bob.BlockAsync(alice.Id)).ShouldBeNoContentAsync();

        await (await alice.PostMessageAsync(direct.Id(), "after the block")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "blocked");
        await (await bob.PostMessageAsync(direct.Id(), "after the block")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "blocked");
        (await alice.HistoryAsync(direct.Id())).Seqs().Should().Equal(1);
    }

    [Fact]
    public async Task Starting_a_direct_conversation_with_an_unknown_user_is_404_and_with_yourself_400()
    {
        var alice = await Factory.RegisterUserAsync("alice");

        await (await alice.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = Guid.NewGuid() })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await alice.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = alice.Id })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "cannot_message_self");
        var missing = await (await alice.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        missing.GetProperty("errors").TryGetProperty("userId", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Direct_conversations_have_no_title_and_no_members_to_manage()
    {
        var (alice, bob, carol) = await Factory.FriendsAsync(3) switch { var u => (u[0], u[1], u[2]) };
        var direct = await alice.StartDirectAsync(bob);

        await (await alice.Client.PatchAsJsonAsync($"/api/v1/conversations/{direct.Id()}", new { title = "ours" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "not_a_group");
        await (await alice.Client.PostAsJsonAsync($"/api/v1/conversations/{direct.Id()}/members", new { userIds = new[] { carol.Id } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "not_a_group");
        await (await alice.Client.DeleteAsync($"/api/v1/conversations/{direct.Id()}/members/{alice.Id}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "not_a_group");
    }

    [Fact]
    public async Task Creating_conversations_is_rate_limited_with_retry_after()
    {
        await using var factory = await ConversationApiFactory.CreateAsync(new Dictionary<string, string?> { ["Chat:RateLimits:CreateConversation:PermitLimit"] = "2" });
        var users = await factory.FriendsAsync(4);

        (await users[0].Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = users[1].Id })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await users[0].Client.PostAsJsonAsync("/api/v1/conversations/group", new { title = "g", memberIds = new[] { users[2].Id } })).StatusCode.Should().Be(HttpStatusCode.Created);
        var refused = await users[0].Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = users[3].Id });

        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        refused.Headers.RetryAfter!.Delta.Should().BePositive();
    }
}
