using Chat.Api.Tests.Friends;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Realtime;

/// <summary>Presence comes from open sockets: online while any device is connected, announced to friends only.</summary>
public sealed class PresenceOverSocketTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ChatApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Friends_hear_once_when_the_first_device_connects_and_once_when_the_last_one_leaves()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        await alice.BefriendAsync(bob);
        await using var bobSocket = await TestSocket.OpenAsync(_factory, bob);

        var phone = await TestSocket.OpenAsync(_factory, alice);
        var online = await bobSocket.ExpectAsync("presence");
        online.GetProperty("userId").GetGuid().Should().Be(alice.Id);
        online.GetProperty("isOnline").GetBoolean().Should().BeTrue();
        phone.OnlineFriends.Should().Equal(bob.Id);
        (await bob.GetJsonAsync("/api/v1/friends/online")).GetProperty("onlineFriends").EnumerateArray().Select(e => e.GetGuid()).Should().Equal(alice.Id);
        (await bob.GetJsonAsync($"/api/v1/users/{alice.Id}")).GetProperty("isOnline").GetBoolean().Should().BeTrue();

        var laptop = await TestSocket.OpenAsync(_factory, alice);
        await phone.CloseAsync();
        (await bob.GetJsonAsync($"/api/v1/users/{alice.Id}")).GetProperty("isOnline").GetBoolean().Should().BeTrue();

        await laptop.CloseAsync();
        var offline = await bobSocket.ExpectAsync("presence");
        offline.GetProperty("userId").GetGuid().Should().Be(alice.Id);
        offline.GetProperty("isOnline").GetBoolean().Should().BeFalse();
        var lastSeenAt = offline.GetProperty("lastSeenAt").GetDateTimeOffset();
        await bobSocket.ExpectNothingAsync();

        var profile = await bob.GetJsonAsync($"/api/v1/users/{alice.Id}");
        profile.GetProperty("isOnline").GetBoolean().Should().BeFalse();
        profile.GetProperty("lastSeenAt").GetDateTimeOffset().Should().Be(lastSeenAt);
        (await bob.GetJsonAsync("/api/v1/friends/online")).GetProperty("onlineFriends").GetArrayLength().Should().Be(0);
        await phone.DisposeAsync();
        await laptop.DisposeAsync();
    }

    [Fact]
    public async Task A_dropped_connection_takes_the_user_offline()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        await alice.BefriendAsync(bob);
        await using var bobSocket = await TestSocket.OpenAsync(_factory, bob);
        await using var aliceSocket = await TestSocket.OpenAsync(_factory, alice);
        (await bobSocket.ExpectAsync("presence")).GetProperty("isOnline").GetBoolean().Should().BeTrue();

        aliceSocket.Drop();

        var offline = await bobSocket.ExpectAsync("presence");
        offline.GetProperty("isOnline").GetBoolean().Should().BeFalse();
        offline.GetProperty("lastSeenAt").GetString().Should().EndWith("+00:00");
    }

    [Fact]
    public async Task Strangers_and_blocked_users_hear_nothing()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var friend = await _factory.RegisterUserAsync("friend");
        var stranger = await _factory.RegisterUserAsync("stranger");
        var blocked = await _factory.RegisterUserAsync("blocked");
        await alice.BefriendAsync(friend);
        await alice.BefriendAsync(blocked);
        (await alice.BlockAsync(blocked.Id)).EnsureSuccessStatusCode();
        await using var friendSocket = await TestSocket.OpenAsync(_factory, friend);
        await using var strangerSocket = await TestSocket.OpenAsync(_factory, stranger);
        await using var blockedSocket = await TestSocket.OpenAsync(_factory, blocked);
        blockedSocket.OnlineFriends.Should().BeEmpty();

        await using var aliceSocket = await TestSocket.OpenAsync(_factory, alice);

        (await friendSocket.ExpectAsync("presence")).GetProperty("userId").GetGuid().Should().Be(alice.Id);
        await strangerSocket.ExpectNothingAsync();
        await blockedSocket.ExpectNothingAsync();
        aliceSocket.OnlineFriends.Should().Equal(friend.Id);
    }

    [Fact]
    public async Task Friend_events_reach_every_device_of_the_other_user_and_no_one_else()
    {
        var alice = await _factory.RegisterUserAsync("alice");
        var bob = await _factory.RegisterUserAsync("bob");
        await using var alicePhone = await TestSocket.OpenAsync(_factory, alice);
        await using var bobPhone = await TestSocket.OpenAsync(_factory, bob);
        await using var bobLaptop = await TestSocket.OpenAsync(_factory, bob);

        var requestId = await alice.RequestFriendshipAsync(bob);

        foreach (var socket in new[] { bobPhone, bobLaptop })
        {
            (await socket.ExpectAsync("friend_request")).GetProperty("request").GetProperty("id").GetGuid().Should().Be(requestId);
        }

        await alicePhone.ExpectNothingAsync();

        (await bob.AcceptAsync(requestId)).EnsureSuccessStatusCode();
        (await alicePhone.ExpectAsync("friend_request_accepted")).GetProperty("friend").GetProperty("user").GetProperty("id").GetGuid().Should().Be(bob.Id);
        await bobPhone.ExpectNothingAsync();
        await bobLaptop.ExpectNothingAsync();
    }
}
