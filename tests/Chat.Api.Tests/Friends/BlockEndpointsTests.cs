using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Friends;

public sealed class BlockEndpointsTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ChatApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_blocked_user_cannot_send_a_request_and_neither_can_the_blocker()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");

        (await alice.BlockAsync(bob.Id)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await bob.SendFriendRequestAsync(alice.Id)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "blocked");
        await (await alice.SendFriendRequestAsync(bob.Id)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "blocked");
        (await alice.RequestIdsAsync("incoming")).Should().BeEmpty();
        (await bob.RequestIdsAsync("incoming")).Should().BeEmpty();
    }

    [Fact]
    public async Task Blocking_a_friend_ends_the_friendship_for_both()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        await alice.BefriendAsync(bob);

        (await bob.BlockAsync(alice.Id)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await alice.FriendIdsAsync()).Should().BeEmpty();
        (await bob.FriendIdsAsync()).Should().BeEmpty();
        await (await alice.UnfriendAsync(bob.Id)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_friends");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Blocking_ends_a_pending_request_in_either_direction(bool blockerAsked)
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        var requestId = blockerAsked ? await alice.RequestFriendshipAsync(bob) : await bob.RequestFriendshipAsync(alice);

        (await alice.BlockAsync(bob.Id)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await alice.RequestIdsAsync("incoming")).Should().BeEmpty();
        (await alice.RequestIdsAsync("outgoing")).Should().BeEmpty();
        (await bob.RequestIdsAsync("incoming")).Should().BeEmpty();
        (await bob.RequestIdsAsync("outgoing")).Should().BeEmpty();
        var addressee = blockerAsked ? bob : alice;
        await (await addressee.AcceptAsync(requestId)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Block_then_unblock_then_a_request_works_again()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        await alice.BefriendAsync(bob);
        (await alice.BlockAsync(bob.Id)).EnsureSuccessStatusCode();

        (await alice.UnblockAsync(bob.Id)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await alice.BlockedIdsAsync()).Should().BeEmpty();
        (await alice.FriendIdsAsync()).Should().BeEmpty("a block ends the friendship for good; unblocking does not restore it");
        var requestId = await bob.RequestFriendshipAsync(alice);
        (await alice.AcceptAsync(requestId)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await bob.FriendIdsAsync()).Should().Equal(alice.Id);
    }

    [Fact]
    public async Task Unblocking_lifts_only_your_own_block()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        (await alice.BlockAsync(bob.Id)).EnsureSuccessStatusCode();
        (await bob.BlockAsync(alice.Id)).EnsureSuccessStatusCode();

        (await alice.UnblockAsync(bob.Id)).EnsureSuccessStatusCode();

        await (await alice.SendFriendRequestAsync(bob.Id)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "blocked");
        (await bob.BlockedIdsAsync()).Should().Equal(alice.Id);
    }

    [Fact]
    public async Task Blocking_yourself_is_400()
    {
        var alice = await _factory.RegisterUserAsync("alice");

        await (await alice.BlockAsync(alice.Id)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "cannot_block_self");
    }

    [Fact]
    public async Task Blocking_an_unknown_user_is_404()
    {
        var alice = await _factory.RegisterUserAsync("alice");

        await (await alice.BlockAsync(Guid.CreateVersion7())).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Blocking_without_a_user_id_is_422()
    {
        var alice = await _factory.RegisterUserAsync("alice");

        var response = await alice.Client.PostAsJsonAsync("/api/v1/blocks", new { });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        problem.GetProperty("errors").TryGetProperty("userId", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Blocking_twice_is_harmless_and_unblocking_without_a_block_is_204()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");

        (await alice.BlockAsync(bob.Id)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await alice.BlockAsync(bob.Id)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await alice.BlockedIdsAsync()).Should().Equal(bob.Id);

        (await alice.UnblockAsync(bob.Id)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await alice.UnblockAsync(bob.Id)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await alice.UnblockAsync(Guid.CreateVersion7())).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await alice.BlockedIdsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Concurrent_blocks_of_the_same_user_all_answer_204_and_leave_one_block()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => alice.BlockAsync(bob.Id)));

        responses.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.NoContent);
        (await alice.BlockedIdsAsync()).Should().Equal(bob.Id);
    }

    [Fact]
    public async Task The_block_list_shows_whom_you_blocked_newest_first_and_pages()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var blocked = new List<TestUser>();
        for (var i = 0; i < 3; i++)
        {
            var user = await _factory.RegisterUserAsync("blocked");
            (await alice.BlockAsync(user.Id)).EnsureSuccessStatusCode();
            blocked.Add(user);
        }

        var first = await alice.GetJsonAsync("/api/v1/blocks?limit=2");
        var second = await alice.GetJsonAsync($"/api/v1/blocks?limit=2&cursor={first.GetProperty("nextCursor").GetString()}");

        first.Ids(u => u.GetProperty("id")).Should().Equal(blocked[2].Id, blocked[1].Id);
        second.Ids(u => u.GetProperty("id")).Should().Equal(blocked[0].Id);
        first.GetProperty("items")[0].GetProperty("username").GetString().Should().Be(blocked[2].Username);
        (await blocked[0].BlockedIdsAsync()).Should().BeEmpty("the blocked user's own list holds only whom they blocked");
    }
}
