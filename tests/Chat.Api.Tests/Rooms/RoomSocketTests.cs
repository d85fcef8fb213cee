using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.Api.Tests.Realtime;

namespace Chat.Api.Tests.Rooms;

/// <summary>Room events over real sockets: members hear them live; a kicked or banned member stops hearing them at once.</summary>
public sealed class RoomSocketTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ChatApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("kicked")]
    [InlineData("banned")]
    public async Task A_removed_member_hears_member_left_and_then_nothing_of_the_room(string how)
    {
        var owner = await _factory.RegisterUserAsync("liveowner");
        var member = await _factory.RegisterUserAsync("livemember");
        var bystander = await _factory.RegisterUserAsync("bystander");
        var roomId = await owner.CreateRoomIdAsync();
        await member.JoinAsync(roomId);
        await bystander.JoinAsync(roomId);
        var general = await owner.GeneralChannelAsync(roomId);
        await using var memberSocket = await TestSocket.OpenAsync(_factory, member);
        await using var bystanderSocket = await TestSocket.OpenAsync(_factory, bystander);

        var removal = how == "kicked"
            ? await owner.Client.DeleteAsync($"/api/v1/rooms/{roomId}/members/{member.Id}")
            : await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/bans", new { userId = member.Id });
        removal.StatusCode.Should().Be(HttpStatusCode.NoContent);

        foreach (var socket in new[] { memberSocket, bystanderSocket })
        {
            var left = await socket.ExpectAsync("member_left");
            left.GetProperty("roomId").GetGuid().Should().Be(roomId);
            left.GetProperty("user").GetProperty("id").GetGuid().Should().Be(member.Id);
            left.GetProperty("reason").GetString().Should().Be(how);
        }

        await owner.SendAsync(general, "after the removal");
        await owner.Client.PatchAsJsonAsync($"/api/v1/rooms/{roomId}", new { description = "Changed" });
        await owner.CreateChannelAsync(roomId, "news");

        // Order is promised per conversation only (docs/api/realtime.md): a channel's message is fanned out by the queue,
        // the room's events directly, so they may arrive in either order.
        var frames = new Dictionary<string, JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            var frame = await bystanderSocket.NextAsync();
            frames.Add(frame.GetProperty("type").GetString()!, frame);
        }

        frames.Keys.Should().BeEquivalentTo("new_message", "room_updated", "channel_created");
        frames["new_message"].GetProperty("message").GetProperty("content").GetString().Should().Be("after the removal");
        frames["room_updated"].GetProperty("room").GetProperty("description").GetString().Should().Be("Changed");
        frames["channel_created"].GetProperty("channel").GetProperty("title").GetString().Should().Be("news");
        await memberSocket.ExpectNothingAsync();
    }

    [Fact]
    public async Task Members_hear_joins_and_channel_messages_live()
    {
        var owner = await _factory.RegisterUserAsync("liveowner");
        var joiner = await _factory.RegisterUserAsync("joiner");
        var roomId = await owner.CreateRoomIdAsync();
        var general = await owner.GeneralChannelAsync(roomId);
        await using var ownerSocket = await TestSocket.OpenAsync(_factory, owner);

        await joiner.JoinAsync(roomId);
        await joiner.SendAsync(general, "hello all");

        (await ownerSocket.ExpectAsync("member_joined")).GetProperty("user").GetProperty("id").GetGuid().Should().Be(joiner.Id);
        var message = await ownerSocket.ExpectAsync("new_message");
        message.GetProperty("message").GetProperty("conversationId").GetGuid().Should().Be(general);
        await ownerSocket.ExpectNothingAsync();
    }
}
