using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;
using Chat.Api.Tests.Realtime;

namespace Chat.Api.Tests.Messages;

/// <summary>Sending to a person (POST /users/{userId}/messages, socket send_message with userId) and refused offset paging.</summary>
public sealed class DirectSendTests(ConversationApiFixture fixture) : IClassFixture<ConversationApiFixture>
{
    private ConversationApiFactory Factory => fixture.Factory;

    [Fact]
    public async Task Sending_to_a_friend_opens_the_direct_conversation_once_and_a_retry_answers_the_stored_message()
    {
        var (alice, bob) = await Factory.FriendsAsync(2, "dm") switch { var u => (u[0], u[1]) };

        var first = await alice.Client.PostAsJsonAsync($"/api/v1/users/{bob.Id}/messages", new { content = "Hi Bob", clientMessageId = "d-1" });
        first.StatusCode.Should().Be(HttpStatusCode.Created);
        var message = await first.ReadJsonAsync();
        first.Headers.Location!.ToString().Should().Be($"/api/v1/messages/{message.Id()}");
        message.GetProperty("seq").GetInt64().Should().Be(1);
        var conversationId = message.GetProperty("conversationId").GetGuid();

        var retry = await alice.Client.PostAsJsonAsync($"/api/v1/users/{bob.Id}/messages", new { content = "Hi Bob", clientMessageId = "d-1" });
        retry.StatusCode.Should().Be(HttpStatusCode.OK);
        (await retry.ReadJsonAsync()).Id().Should().Be(message.Id());

        var reply = await bob.Client.PostAsJsonAsync($"/api/v1/users/{alice.Id}/messages", new { content = "Hi Alice" });
        reply.StatusCode.Should().Be(HttpStatusCode.Created);
        var replied = await reply.ReadJsonAsync();
        replied.GetProperty("conversationId").GetGuid().Should().Be(conversationId, "both directions use the pair's one direct conversation");
        replied.GetProperty("seq").GetInt64().Should().Be(2);
        (await alice.StartDirectAsync(bob)).Id().Should().Be(conversationId);
    }

    [Fact]
    public async Task Sending_to_a_stranger_a_blocker_yourself_or_nobody_is_refused_and_opens_nothing()
    {
        var alice = await Factory.RegisterUserAsync("dm-a");
        var stranger = await Factory.RegisterUserAsync("dm-s");
        var (friend, blocker) = await Factory.FriendsAsync(2, "dm-b") switch { var u => (u[0], u[1]) };
        (await blocker.Client.PostAsJsonAsync("/api/v1/blocks", new { userId = friend.Id })).EnsureSuccessStatusCode();

        await (await alice.Client.PostAsJsonAsync($"/api/v1/users/{stranger.Id}/messages", new { content = "hello" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_friends");
        await (await friend.Client.PostAsJsonAsync($"/api/v1/users/{blocker.Id}/messages", new { content = "hello" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "blocked");
        await (await alice.Client.PostAsJsonAsync($"/api/v1/users/{alice.Id}/messages", new { content = "hello" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "cannot_message_self");
        await (await alice.Client.PostAsJsonAsync($"/api/v1/users/{Guid.NewGuid()}/messages", new { content = "hello" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");

        var (x, y) = await Factory.FriendsAsync(2, "dm-e") switch { var u => (u[0], u[1]) };
        await (await x.Client.PostAsJsonAsync($"/api/v1/users/{y.Id}/messages", new { content = "   " }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var conversations = await x.GetJsonAsync("/api/v1/conversations");
        conversations.GetProperty("items").GetArrayLength().Should().Be(0, "an invalid message opens no conversation");
    }

    [Fact]
    public async Task A_socket_send_with_user_id_reaches_the_friend_and_is_answered_with_message_sent()
    {
        // The shared fixture records events instead of pushing them; this one delivers to real sockets.
        await using var factory = await ChatApiFactory.CreateAsync();
        var (alice, bob) = await factory.FriendsAsync(2, "dm-ws") switch { var u => (u[0], u[1]) };
        await using var aliceSocket = await TestSocket.OpenAsync(factory, alice, "presence", "conversation_created", "message_delivered");
        await using var bobSocket = await TestSocket.OpenAsync(factory, bob, "presence", "conversation_created");

        await aliceSocket.SendAsync(new { type = "send_message", @ref = "r1", userId = bob.Id, content = "over the socket", clientMessageId = "ws-1" });

        var sent = await aliceSocket.ExpectAsync("message_sent");
        sent.GetProperty("ref").GetString().Should().Be("r1");
        var message = sent.GetProperty("message");
        var pushed = await bobSocket.ExpectAsync("new_message");
        pushed.GetProperty("message").Id().Should().Be(message.Id());
        message.GetProperty("conversationId").GetGuid().Should().Be((await alice.StartDirectAsync(bob)).Id());

        await aliceSocket.SendAsync(new { type = "send_message", @ref = "r2", userId = alice.Id, content = "to me" });
        var error = await aliceSocket.ExpectAsync("error");
        error.GetProperty("code").GetString().Should().Be("cannot_message_self");
    }

    [Theory]
    [InlineData("/api/v1/conversations?page=2", "page")]
    [InlineData("/api/v1/friends?page_size=10", "page_size")]
    [InlineData("/api/v1/users?search=a&skip=20", "skip")]
    [InlineData("/api/v1/rooms/discover?OFFSET=5", "OFFSET")]
    public async Task Offset_paging_parameters_are_refused_with_the_cursor_parameters_named(string url, string parameter)
    {
        var user = await Factory.RegisterUserAsync("pager");

        var problem = await (await user.Client.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "unsupported_paging_parameter");

        var detail = problem.GetProperty("detail").GetString();
        detail.Should().Contain($"'{parameter}'").And.Contain("cursor").And.Contain("limit").And.Contain("nextCursor");
    }
}
