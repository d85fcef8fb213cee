using Chat.Application.Features.Rooms.GetRoomMembers;
using Chat.Application.Tests.Support;
using Chat.Domain.Common;
using Chat.Domain.Users;

namespace Chat.Application.Tests.Rooms;

/// <summary><c>GET /rooms/{id}/members?search=</c>: the members @mention completion offers, and the list without it.</summary>
[Covers(typeof(GetRoomMembersQueryHandler))]
public sealed class GetRoomMembersSearchHandlerTests : HandlerTest
{
    private User _alice = null!;
    private User _alina = null!;
    private SeededRoom _room = null!;

    protected override async Task ArrangeAsync()
    {
        _alice = await Given.UserAsync("alice", "Alice");
        var albert = await Given.UserAsync("albert", "Bertie");
        var bob = await Given.UserAsync("bob", "Alfred B.");
        var carol = await Given.UserAsync("carol", "Carol");
        _alina = await Given.UserAsync("alina", "Alina");
        _room = await Given.RoomAsync(_alice, "Lobby", true, albert, bob, carol);
    }

    [Fact]
    public async Task Search_keeps_members_whose_username_or_display_name_starts_with_it_ignoring_case()
    {
        var page = await SendAs(_alice.Id, new GetRoomMembersQuery(_room.Room.Id, null, null, "AL"));

        // alina matches but is not a member; bob matches by display name ("Alfred B."); carol matches neither.
        page.Items.Select(m => m.User.Username).Should().BeEquivalentTo(["alice", "albert", "bob"]);
        page.NextCursor.Should().BeNull();
    }

    [Fact]
    public async Task Search_pages_in_join_order_like_the_full_list()
    {
        var all = await SendAs(_alice.Id, new GetRoomMembersQuery(_room.Room.Id, null, null));
        var first = await SendAs(_alice.Id, new GetRoomMembersQuery(_room.Room.Id, 2, null, "al"));
        var second = await SendAs(_alice.Id, new GetRoomMembersQuery(_room.Room.Id, 2, first.NextCursor, "al"));

        var expected = all.Items.Select(m => m.User.Username).Where(n => n != "carol").ToList();
        first.Items.Concat(second.Items).Select(m => m.User.Username).Should().Equal(expected);
        first.NextCursor.Should().NotBeNull();
        second.NextCursor.Should().BeNull();
    }

    [Fact]
    public async Task Without_search_every_member_is_listed_with_their_role()
    {
        var page = await SendAs(_alice.Id, new GetRoomMembersQuery(_room.Room.Id, null, null));

        page.Items.Select(m => m.User.Username).Should().BeEquivalentTo(["alice", "albert", "bob", "carol"]);
        page.Items.Single(m => m.User.Username == "alice").Role.Should().Be(Chat.Domain.Rooms.RoomRole.Owner);
    }

    [Fact]
    public async Task A_search_longer_than_100_characters_is_refused() =>
        await Invalid(() => SendAs(_alice.Id, new GetRoomMembersQuery(_room.Room.Id, null, null, new string('a', 101))), "search");

    [Fact]
    public async Task An_outsider_searching_a_public_room_is_refused() =>
        await Refused<DomainException>(() => SendAs(_alina.Id, new GetRoomMembersQuery(_room.Room.Id, null, null, "al")), "not_a_member");
}
