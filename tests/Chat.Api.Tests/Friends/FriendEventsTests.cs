using System.Text.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Serialization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Chat.Api.Tests.Friends;

/// <summary>
/// The live events of realtime.md, as handed to the <see cref="IRealtimeNotifier"/> port after commit: who gets them
/// and their JSON shape.
/// </summary>
public sealed class FriendEventsTests : IAsyncLifetime
{
    private readonly IRealtimeNotifier _notifier = Substitute.For<IRealtimeNotifier>();
    private ChatApiFactory _factory = null!;
    private WebApplicationFactory<Program> _observed = null!;

    public async Task InitializeAsync()
    {
        _factory = await ChatApiFactory.CreateAsync();
        _observed = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(_notifier)));
    }

    public async Task DisposeAsync()
    {
        await _observed.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task The_addressee_is_told_of_a_new_request()
    {
        var (alice, bob) = await TwoUsersAsync();

        var requestId = await alice.RequestFriendshipAsync(bob);

        var (to, json) = SingleEvent();
        to.Should().Equal(bob.Id);
        json.GetProperty("type").GetString().Should().Be("friend_request");
        var request = json.GetProperty("request");
        request.GetProperty("id").GetGuid().Should().Be(requestId);
        request.GetProperty("from").GetProperty("id").GetGuid().Should().Be(alice.Id);
        request.GetProperty("from").GetProperty("username").GetString().Should().Be(alice.Username);
        request.GetProperty("to").GetProperty("id").GetGuid().Should().Be(bob.Id);
        request.GetProperty("createdAt").GetString().Should().EndWith("+00:00");
    }

    [Fact]
    public async Task The_requester_is_told_when_their_request_is_accepted_with_the_accepter_as_friend()
    {
        var (alice, bob) = await TwoUsersAsync();
        var requestId = await alice.RequestFriendshipAsync(bob);
        _notifier.ClearReceivedCalls();

        (await bob.AcceptAsync(requestId)).EnsureSuccessStatusCode();

        var (to, json) = SingleEvent();
        to.Should().Equal(alice.Id);
        json.GetProperty("type").GetString().Should().Be("friend_request_accepted");
        var friend = json.GetProperty("friend");
        friend.GetProperty("user").GetProperty("id").GetGuid().Should().Be(bob.Id);
        friend.GetProperty("since").GetString().Should().EndWith("+00:00");
        friend.GetProperty("isOnline").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Asking_back_tells_the_first_requester_that_they_are_friends()
    {
        var (alice, bob) = await TwoUsersAsync();
        await alice.RequestFriendshipAsync(bob);
        _notifier.ClearReceivedCalls();

        (await bob.SendFriendRequestAsync(alice.Id)).EnsureSuccessStatusCode();

        var (to, json) = SingleEvent();
        to.Should().Equal(alice.Id);
        json.GetProperty("type").GetString().Should().Be("friend_request_accepted");
        json.GetProperty("friend").GetProperty("user").GetProperty("id").GetGuid().Should().Be(bob.Id);
    }

    [Fact]
    public async Task The_other_user_is_told_when_unfriended()
    {
        var (alice, bob) = await TwoUsersAsync();
        await alice.BefriendAsync(bob);
        _notifier.ClearReceivedCalls();

        (await alice.UnfriendAsync(bob.Id)).EnsureSuccessStatusCode();

        var (to, json) = SingleEvent();
        to.Should().Equal(bob.Id);
        json.GetProperty("type").GetString().Should().Be("friend_removed");
        json.GetProperty("userId").GetGuid().Should().Be(alice.Id);
    }

    [Fact]
    public async Task A_blocked_friend_is_told_the_friendship_ended()
    {
        var (alice, bob) = await TwoUsersAsync();
        await alice.BefriendAsync(bob);
        _notifier.ClearReceivedCalls();

        (await bob.BlockAsync(alice.Id)).EnsureSuccessStatusCode();

        var (to, json) = SingleEvent();
        to.Should().Equal(alice.Id);
        json.GetProperty("type").GetString().Should().Be("friend_removed");
        json.GetProperty("userId").GetGuid().Should().Be(bob.Id);
    }

    [Fact]
    public async Task Refused_requests_send_nothing()
    {
        var (alice, bob) = await TwoUsersAsync();
        await alice.RequestFriendshipAsync(bob);
        _notifier.ClearReceivedCalls();

        await alice.SendFriendRequestAsync(bob.Id);
        await alice.SendFriendRequestAsync(alice.Id);

        _notifier.ReceivedCalls().Should().BeEmpty();
    }

    private async Task<(TestUser Alice, TestUser Bob)> TwoUsersAsync()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        return (Observed(alice), Observed(bob));
    }

    /// <summary>The same user, calling the API whose notifier is the substitute.</summary>
    private TestUser Observed(TestUser user) => user with { Client = TestUser.Authorize(_observed.CreateClient(), user.AccessToken) };

    /// <summary>The one event published so far: its recipients and its JSON as a socket would receive it.</summary>
    private (IReadOnlyCollection<Guid> To, JsonElement Json) SingleEvent()
    {
        var call = _notifier.ReceivedCalls().Should().ContainSingle().Subject;
        var arguments = call.GetArguments();
        var json = JsonSerializer.SerializeToElement(arguments[1]!, arguments[1]!.GetType(), ChatJson.Options);
        return ((IReadOnlyCollection<Guid>)arguments[0]!, json);
    }
}
