using System.Net.Http.Json;
using System.Text.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.Application.Common.Serialization;
using Chat.Application.Features.Rooms.Events;
using Chat.Domain.Rooms;

namespace Chat.Api.Tests.Rooms;

/// <summary>Room events reach the room's members, after the change, and nobody else; a kicked or banned user is cut off at once.</summary>
public sealed class RoomEventTests(RoomsApiFixture fixture) : IClassFixture<RoomsApiFixture>
{
    private RoomsApiFactory Factory => fixture.Factory;

    [Fact]
    public async Task Room_updates_go_to_every_member_and_not_to_outsiders()
    {
        var (roomId, owner, member) = await RoomWithMemberAsync();
        var outsider = await Factory.RegisterUserAsync("outsider");

        await owner.Client.PatchAsJsonAsync($"/api/v1/rooms/{roomId}", new { name = "Renamed" });

        var (recipients, update) = Factory.Notifier.Of<RoomUpdatedEvent>().Single(p => p.Event.Room.Id == roomId);
        recipients.Should().BeEquivalentTo([owner.Id, member.Id]);
        recipients.Should().NotContain(outsider.Id);
        update.Room.Name.Should().Be("Renamed");
        update.Room.MyRole.Should().BeNull("every member gets the same bytes");
        var json = JsonSerializer.SerializeToElement<object>(update, ChatJson.Options);
        json.GetProperty("type").GetString().Should().Be("room_updated");
        json.GetProperty("room").GetProperty("memberCount").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task A_joiner_and_the_members_hear_member_joined_with_the_user()
    {
        var owner = await Factory.RegisterUserAsync("joinowner");
        var joiner = await Factory.RegisterUserAsync("joiner");
        var roomId = await owner.CreateRoomIdAsync();

        await joiner.JoinAsync(roomId);

        var (recipients, joined) = Factory.Notifier.Of<RoomMemberJoinedEvent>().Single(p => p.Event.RoomId == roomId);
        recipients.Should().BeEquivalentTo([owner.Id, joiner.Id]);
        joined.User.Id.Should().Be(joiner.Id);
        joined.User.Username.Should().Be(joiner.Username);
        var json = JsonSerializer.SerializeToElement<object>(joined, ChatJson.Options);
        json.GetProperty("type").GetString().Should().Be("member_joined");
        json.GetProperty("roomId").GetGuid().Should().Be(roomId);
        json.GetProperty("user").GetProperty("id").GetGuid().Should().Be(joiner.Id);
    }

    [Fact]
    public async Task Leaving_tells_the_remaining_members_and_the_leaver()
    {
        var (roomId, owner, member) = await RoomWithMemberAsync();

        await member.Client.PostAsync($"/api/v1/rooms/{roomId}/leave", null);

        var (recipients, left) = Factory.Notifier.Of<RoomMemberLeftEvent>().Single(p => p.Event.RoomId == roomId);
        recipients.Should().BeEquivalentTo([owner.Id, member.Id]);
        left.Reason.Should().Be(MemberLeaveReason.Left);
        JsonSerializer.SerializeToElement<object>(left, ChatJson.Options).GetProperty("reason").GetString().Should().Be("left");
    }

    [Theory]
    [InlineData(MemberLeaveReason.Kicked)]
    [InlineData(MemberLeaveReason.Banned)]
    public async Task A_kicked_or_banned_member_gets_member_left_and_no_room_event_after_it(MemberLeaveReason how)
    {
        var (roomId, owner, member) = await RoomWithMemberAsync();
        var bystander = await Factory.RegisterUserAsync("bystander");
        await bystander.JoinAsync(roomId);

        var removal = how == MemberLeaveReason.Kicked
            ? await owner.Client.DeleteAsync($"/api/v1/rooms/{roomId}/members/{member.Id}")
            : await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/bans", new { userId = member.Id });
        removal.EnsureSuccessStatusCode();
        await owner.Client.PatchAsJsonAsync($"/api/v1/rooms/{roomId}", new { description = "After the removal" });
        var latecomer = await Factory.RegisterUserAsync("latecomer");
        await latecomer.JoinAsync(roomId);

        var left = Factory.Notifier.Of<RoomMemberLeftEvent>().Single(p => p.Event.RoomId == roomId);
        left.Event.Reason.Should().Be(how);
        left.Event.User.Id.Should().Be(member.Id);
        left.Recipients.Should().BeEquivalentTo([owner.Id, bystander.Id, member.Id]);
        var afterwards = Factory.Notifier.Pushes.SkipWhile(p => !ReferenceEquals(p.Event, left.Event)).Skip(1)
            .Where(p => RoomIdOf(p.Event) == roomId).ToList();
        afterwards.Select(p => p.Event.GetType()).Should().Contain([typeof(RoomUpdatedEvent), typeof(RoomMemberJoinedEvent)]);
        afterwards.Should().AllSatisfy(p => p.Recipients.Should().NotContain(member.Id));
    }

    [Fact]
    public async Task Role_changes_are_pushed_as_member_updated()
    {
        var (roomId, owner, member) = await RoomWithMemberAsync();

        await owner.Client.PatchAsJsonAsync($"/api/v1/rooms/{roomId}/members/{member.Id}", new { role = "moderator" });

        var (recipients, updated) = Factory.Notifier.Of<RoomMemberUpdatedEvent>().Single(p => p.Event.RoomId == roomId);
        recipients.Should().BeEquivalentTo([owner.Id, member.Id]);
        updated.Member.User.Id.Should().Be(member.Id);
        updated.Member.Role.Should().Be(RoomRole.Moderator);
        JsonSerializer.SerializeToElement<object>(updated, ChatJson.Options).GetProperty("type").GetString().Should().Be("member_updated");
    }

    [Fact]
    public async Task Deleting_a_room_tells_everyone_who_was_in_it()
    {
        var (roomId, owner, member) = await RoomWithMemberAsync();

        await owner.Client.DeleteAsync($"/api/v1/rooms/{roomId}");

        var (recipients, deleted) = Factory.Notifier.Of<RoomDeletedEvent>().Single(p => p.Event.RoomId == roomId);
        recipients.Should().BeEquivalentTo([owner.Id, member.Id]);
        var json = JsonSerializer.SerializeToElement<object>(deleted, ChatJson.Options);
        json.GetProperty("type").GetString().Should().Be("room_deleted");
        json.GetProperty("roomId").GetGuid().Should().Be(roomId);
    }

    [Fact]
    public async Task A_refused_command_pushes_nothing()
    {
        var (roomId, _, member) = await RoomWithMemberAsync();
        var before = Factory.Notifier.Pushes.Count(p => RoomIdOf(p.Event) == roomId);

        await member.Client.PatchAsJsonAsync($"/api/v1/rooms/{roomId}", new { name = "Hijacked" });
        await member.Client.DeleteAsync($"/api/v1/rooms/{roomId}");

        Factory.Notifier.Pushes.Count(p => RoomIdOf(p.Event) == roomId).Should().Be(before);
    }

    private static Guid? RoomIdOf(object realtimeEvent) => realtimeEvent switch
    {
        RoomUpdatedEvent e => e.Room.Id,
        RoomDeletedEvent e => e.RoomId,
        RoomMemberJoinedEvent e => e.RoomId,
        RoomMemberLeftEvent e => e.RoomId,
        RoomMemberUpdatedEvent e => e.RoomId,
        _ => null,
    };

    private async Task<(Guid RoomId, TestUser Owner, TestUser Member)> RoomWithMemberAsync()
    {
        var owner = await Factory.RegisterUserAsync("evowner");
        var member = await Factory.RegisterUserAsync("evmember");
        var roomId = await owner.CreateRoomIdAsync();
        await member.JoinAsync(roomId);
        return (roomId, owner, member);
    }
}
