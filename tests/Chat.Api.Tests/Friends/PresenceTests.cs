using Chat.Api.Tests.Infrastructure;
using Chat.Application.Common.Interfaces;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Chat.Api.Tests.Friends;

/// <summary>
/// Friends' presence is read from the <see cref="IPresenceTracker"/> port (in production the open sockets); here the
/// port answers from a set the test controls. Only the user and their friends see it.
/// </summary>
public sealed class PresenceTests : IAsyncLifetime
{
    private readonly HashSet<Guid> _online = [];
    private ChatApiFactory _factory = null!;
    private WebApplicationFactory<Program> _observed = null!;

    public async Task InitializeAsync()
    {
        var presence = Substitute.For<IPresenceTracker>();
        presence.IsOnline(Arg.Any<Guid>()).Returns(call => _online.Contains(call.Arg<Guid>()));
        presence.OnlineAmong(Arg.Any<IEnumerable<Guid>>()).Returns(call => call.Arg<IEnumerable<Guid>>().Where(_online.Contains).ToList());
        _factory = await ChatApiFactory.CreateAsync();
        _observed = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(presence)));
    }

    public async Task DisposeAsync()
    {
        await _observed.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Online_friends_are_the_friends_the_presence_tracker_reports_online()
    {
        var alice = await UserAsync("alice");
        var bob = await UserAsync("bob");
        var carol = await UserAsync("carol");
        var stranger = await UserAsync("stranger");
        await alice.BefriendAsync(bob);
        await alice.BefriendAsync(carol);

        (await alice.GetJsonAsync("/api/v1/friends/online")).GetProperty("onlineFriends").GetArrayLength().Should().Be(0);

        _online.UnionWith([bob.Id, stranger.Id]);

        var online = await alice.GetJsonAsync("/api/v1/friends/online");
        online.GetProperty("onlineFriends").EnumerateArray().Select(e => e.GetGuid()).Should().Equal(bob.Id);
        var friends = (await alice.GetJsonAsync("/api/v1/friends")).GetProperty("items").EnumerateArray()
            .ToDictionary(f => f.GetProperty("user").GetProperty("id").GetGuid(), f => f.GetProperty("isOnline").GetBoolean());
        friends.Should().BeEquivalentTo(new Dictionary<Guid, bool> { [bob.Id] = true, [carol.Id] = false });

        _online.Remove(bob.Id);
        (await alice.GetJsonAsync("/api/v1/friends/online")).GetProperty("onlineFriends").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task A_profile_shows_presence_to_friends_and_not_to_others()
    {
        var alice = await UserAsync("alice");
        var bob = await UserAsync("bob");
        var stranger = await UserAsync("stranger");
        await alice.BefriendAsync(bob);
        _online.Add(alice.Id);

        var seenByFriend = await bob.GetJsonAsync($"/api/v1/users/{alice.Id}");
        var seenByStranger = await stranger.GetJsonAsync($"/api/v1/users/{alice.Id}");

        seenByFriend.GetProperty("isOnline").GetBoolean().Should().BeTrue();
        seenByStranger.GetProperty("isOnline").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task A_pending_request_does_not_reveal_presence()
    {
        var alice = await UserAsync("alice");
        var bob = await UserAsync("bob");
        await bob.RequestFriendshipAsync(alice);
        _online.Add(alice.Id);

        var profile = await bob.GetJsonAsync($"/api/v1/users/{alice.Id}");

        profile.GetProperty("isOnline").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        (await bob.GetJsonAsync("/api/v1/friends/online")).GetProperty("onlineFriends").GetArrayLength().Should().Be(0);
    }

    /// <summary>A new user whose client calls the API with the controlled presence.</summary>
    private async Task<TestUser> UserAsync(string prefix)
    {
        var user = await _factory.RegisterUserAsync(prefix);
        return user with { Client = TestUser.Authorize(_observed.CreateClient(), user.AccessToken) };
    }
}
