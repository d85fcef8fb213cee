using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Friends;

public sealed class FriendEndpointsTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ChatApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Sending_a_request_creates_a_pending_request_both_sides_can_see()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");

        var response = await alice.SendFriendRequestAsync(bob.Id);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var request = await response.ReadJsonAsync();
        var id = request.GetProperty("id").GetGuid();
        request.GetProperty("from").GetProperty("id").GetGuid().Should().Be(alice.Id);
        request.GetProperty("from").GetProperty("username").GetString().Should().Be(alice.Username);
        request.GetProperty("to").GetProperty("id").GetGuid().Should().Be(bob.Id);
        request.GetProperty("createdAt").GetString().Should().EndWith("+00:00");
        (await alice.RequestIdsAsync("outgoing")).Should().Equal(id);
        (await alice.RequestIdsAsync("incoming")).Should().BeEmpty();
        (await bob.RequestIdsAsync("incoming")).Should().Equal(id);
        (await bob.RequestIdsAsync("outgoing")).Should().BeEmpty();
        (await alice.FriendIdsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Incoming_is_the_default_direction_and_the_list_pages_newest_first()
    {
        var carol = await _factory.RegisterUserAsync("carol");
        var senders = new List<TestUser>();
        var requestIds = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var sender = await _factory.RegisterUserAsync("sender");
            senders.Add(sender);
            requestIds.Add(await sender.RequestFriendshipAsync(carol));
        }

        var first = await carol.GetJsonAsync("/api/v1/friends/requests?limit=2");
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await carol.GetJsonAsync($"/api/v1/friends/requests?limit=2&cursor={cursor}");

        first.Ids(r => r.GetProperty("id")).Should().Equal(requestIds[2], requestIds[1]);
        second.Ids(r => r.GetProperty("id")).Should().Equal(requestIds[0]);
        second.GetProperty("nextCursor").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task An_unknown_direction_is_422_naming_the_field()
    {
        var alice = await _factory.RegisterUserAsync("alice");

        var response = await alice.Client.GetAsync("/api/v1/friends/requests?direction=sideways");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        problem.GetProperty("errors").TryGetProperty("direction", out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_cursor_that_was_not_issued_is_400()
    {
        var alice = await _factory.RegisterUserAsync("alice");

        var response = await alice.Client.GetAsync("/api/v1/friends/requests?cursor=bm90LWEtZ3VpZA");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "bad_request");
    }

    [Fact]
    public async Task A_request_to_yourself_is_400()
    {
        var alice = await _factory.RegisterUserAsync("alice");

        var response = await alice.SendFriendRequestAsync(alice.Id);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "cannot_befriend_self");
    }

    [Fact]
    public async Task A_request_to_an_unknown_user_is_404()
    {
        var alice = await _factory.RegisterUserAsync("alice");

        var response = await alice.SendFriendRequestAsync(Guid.CreateVersion7());

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_request_without_a_user_id_is_422()
    {
        var alice = await _factory.RegisterUserAsync("alice");

        var response = await alice.Client.PostAsJsonAsync("/api/v1/friends/requests", new { });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        problem.GetProperty("errors").TryGetProperty("userId", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Asking_twice_is_409_request_exists()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        await alice.RequestFriendshipAsync(bob);

        var response = await alice.SendFriendRequestAsync(bob.Id);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "request_exists");
        (await bob.RequestIdsAsync("incoming")).Should().HaveCount(1);
    }

    [Fact]
    public async Task Asking_a_friend_is_409_already_friends_from_either_side()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        await alice.BefriendAsync(bob);

        await (await alice.SendFriendRequestAsync(bob.Id)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_friends");
        await (await bob.SendFriendRequestAsync(alice.Id)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_friends");
    }

    [Fact]
    public async Task Asking_back_accepts_the_pending_request_and_answers_200_with_the_friend()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        await alice.RequestFriendshipAsync(bob);

        var response = await bob.SendFriendRequestAsync(alice.Id);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var friend = await response.ReadJsonAsync();
        friend.GetProperty("user").GetProperty("id").GetGuid().Should().Be(alice.Id);
        friend.GetProperty("since").GetString().Should().EndWith("+00:00");
        friend.GetProperty("isOnline").GetBoolean().Should().BeFalse();
        (await alice.FriendIdsAsync()).Should().Equal(bob.Id);
        (await bob.FriendIdsAsync()).Should().Equal(alice.Id);
        (await alice.RequestIdsAsync("outgoing")).Should().BeEmpty();
        (await bob.RequestIdsAsync("incoming")).Should().BeEmpty();
    }

    [Fact]
    public async Task The_addressee_accepts_and_both_become_friends()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        var requestId = await alice.RequestFriendshipAsync(bob);

        var response = await bob.AcceptAsync(requestId);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var friend = await response.ReadJsonAsync();
        friend.GetProperty("user").GetProperty("id").GetGuid().Should().Be(alice.Id);
        friend.GetProperty("user").GetProperty("username").GetString().Should().Be(alice.Username);
        friend.GetProperty("isOnline").GetBoolean().Should().BeFalse();
        (await alice.FriendIdsAsync()).Should().Equal(bob.Id);
        (await bob.FriendIdsAsync()).Should().Equal(alice.Id);
    }

    [Fact]
    public async Task The_requester_cannot_accept_or_decline_their_own_request()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        var requestId = await alice.RequestFriendshipAsync(bob);

        await (await alice.AcceptAsync(requestId)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_addressee");
        await (await alice.DeclineAsync(requestId)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_addressee");
        (await bob.RequestIdsAsync("incoming")).Should().Equal(requestId);
    }

    [Fact]
    public async Task The_addressee_cannot_cancel_the_request()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        var requestId = await alice.RequestFriendshipAsync(bob);

        await (await bob.CancelAsync(requestId)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_requester");
    }

    [Fact]
    public async Task Someone_else_or_an_unknown_id_finds_no_request()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        var mallory = await _factory.RegisterUserAsync("mallory");
        var requestId = await alice.RequestFriendshipAsync(bob);

        await (await mallory.AcceptAsync(requestId)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await mallory.DeclineAsync(requestId)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await mallory.CancelAsync(requestId)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await bob.AcceptAsync(Guid.CreateVersion7())).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await bob.DeclineAsync(Guid.CreateVersion7())).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await alice.CancelAsync(Guid.CreateVersion7())).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Accepting_an_accepted_request_is_409()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        var requestId = await alice.RequestFriendshipAsync(bob);
        (await bob.AcceptAsync(requestId)).EnsureSuccessStatusCode();

        await (await bob.AcceptAsync(requestId)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_friends");
        await (await bob.DeclineAsync(requestId)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_friends");
        await (await alice.CancelAsync(requestId)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_friends");
        (await alice.FriendIdsAsync()).Should().Equal(bob.Id);
    }

    [Fact]
    public async Task A_declined_request_is_gone_and_may_be_sent_again()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        var requestId = await alice.RequestFriendshipAsync(bob);

        var response = await bob.DeclineAsync(requestId);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await bob.RequestIdsAsync("incoming")).Should().BeEmpty();
        (await alice.RequestIdsAsync("outgoing")).Should().BeEmpty();
        (await alice.FriendIdsAsync()).Should().BeEmpty();
        await alice.RequestFriendshipAsync(bob);
    }

    [Fact]
    public async Task A_cancelled_request_is_gone_and_may_be_sent_again()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        var requestId = await alice.RequestFriendshipAsync(bob);

        var response = await alice.CancelAsync(requestId);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await bob.RequestIdsAsync("incoming")).Should().BeEmpty();
        await (await bob.AcceptAsync(requestId)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await bob.RequestFriendshipAsync(alice);
    }

    [Fact]
    public async Task The_friend_list_is_ordered_by_username_and_pages()
    {
        var hub = await _factory.RegisterUserAsync("hub");
        var friends = new List<TestUser>();
        for (var i = 0; i < 3; i++)
        {
            var friend = await _factory.RegisterUserAsync($"f{i}");
            await friend.BefriendAsync(hub);
            friends.Add(friend);
        }

        var first = await hub.GetJsonAsync("/api/v1/friends?limit=2");
        var second = await hub.GetJsonAsync($"/api/v1/friends?limit=2&cursor={first.GetProperty("nextCursor").GetString()}");

        var expected = friends.OrderBy(f => f.Username.ToLowerInvariant(), StringComparer.Ordinal).Select(f => f.Id).ToList();
        first.Ids(f => f.GetProperty("user").GetProperty("id")).Concat(second.Ids(f => f.GetProperty("user").GetProperty("id")))
            .Should().Equal(expected);
        second.GetProperty("nextCursor").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        var item = first.GetProperty("items")[0];
        item.GetProperty("since").GetString().Should().EndWith("+00:00");
        item.GetProperty("isOnline").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_page_size_over_the_maximum_is_422()
    {
        var alice = await _factory.RegisterUserAsync("alice");

        await (await alice.Client.GetAsync("/api/v1/friends?limit=101")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task Unfriending_ends_the_friendship_for_both()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        await alice.BefriendAsync(bob);

        var response = await bob.UnfriendAsync(alice.Id);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await alice.FriendIdsAsync()).Should().BeEmpty();
        (await bob.FriendIdsAsync()).Should().BeEmpty();
        await alice.RequestFriendshipAsync(bob);
    }

    [Fact]
    public async Task Unfriending_someone_who_is_not_a_friend_is_404_not_friends()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");

        await (await alice.UnfriendAsync(bob.Id)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_friends");
        await (await alice.UnfriendAsync(Guid.CreateVersion7())).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_friends");

        await alice.RequestFriendshipAsync(bob);
        await (await alice.UnfriendAsync(bob.Id)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_friends");
        (await bob.RequestIdsAsync("incoming")).Should().HaveCount(1);
    }

    [Fact]
    public async Task Friends_endpoints_need_a_token()
    {
        var anonymous = _factory.CreateClient();

        (await anonymous.GetAsync("/api/v1/friends")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/api/v1/friends/online")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.PostAsJsonAsync("/api/v1/friends/requests", new { userId = Guid.CreateVersion7() })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/api/v1/blocks")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
