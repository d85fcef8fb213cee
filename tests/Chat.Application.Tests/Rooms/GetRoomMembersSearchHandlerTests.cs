using Chat.Application.Common.Exceptions;
using Chat.Application.Features.Rooms.CreateRoom;
using Chat.Application.Features.Rooms.GetRoomMembers;
using Chat.Application.Features.Rooms.JoinRoom;
using Chat.Application.Tests.Support;
using Chat.Domain.Common;
using Chat.Domain.Users;
using NSubstitute;

namespace Chat.Application.Tests.Rooms;

/// <summary><c>GET /rooms/{id}/members?search=</c>: the members @mention completion offers.</summary>
public sealed class GetRoomMembersSearchHandlerTests : IAsyncLifetime
{
    private ApplicationTestHost _host = null!;
    private readonly Dictionary<string, Guid> _users = [];
    private Guid _roomId;

    public async Task InitializeAsync()
    {
        _host = await ApplicationTestHost.CreateAsync();
        await _host.WithDbAsync(async db =>
        {
            foreach (var (name, display) in new[] { ("alice", "Alice"), ("albert", "Bertie"), ("bob", "Alfred B."), ("carol", "Carol"), ("alina", "Alina") })
            {
                var user = User.Register(name, display, "hash", DateTime.UtcNow);
                db.Add(user);
                _users[name] = user.Id;
            }

            return await db.SaveChangesAsync();
        });

        As("alice");
        _roomId = (await _host.SendAsync(new CreateRoomCommand("Lobby", null, null, true))).Id;
        foreach (var member in new[] { "albert", "bob", "carol" })
        {
            As(member);
            await _host.SendAsync(new JoinRoomCommand(_roomId));
        }

        As("alice");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Search_keeps_members_whose_username_or_display_name_starts_with_it_ignoring_case()
    {
        var page = await _host.SendAsync(new GetRoomMembersQuery(_roomId, null, null, "AL"));

        // alina matches but is not a member; bob matches by display name ("Alfred B.").
        page.Items.Select(m => m.User.Username).Should().Equal("alice", "albert", "bob");
    }

    [Fact]
    public async Task Search_pages_by_join_order_like_the_full_list()
    {
        var first = await _host.SendAsync(new GetRoomMembersQuery(_roomId, 2, null, "al"));
        var second = await _host.SendAsync(new GetRoomMembersQuery(_roomId, 2, first.NextCursor, "al"));

        first.Items.Select(m => m.User.Username).Should().Equal("alice", "albert");
        second.Items.Select(m => m.User.Username).Should().Equal("bob");
        second.NextCursor.Should().BeNull();
    }

    [Fact]
    public async Task Without_search_every_member_is_listed()
    {
        var page = await _host.SendAsync(new GetRoomMembersQuery(_roomId, null, null));

        page.Items.Select(m => m.User.Username).Should().Equal("alice", "albert", "bob", "carol");
    }

    [Fact]
    public async Task A_search_longer_than_100_characters_is_refused()
    {
        var act = () => _host.SendAsync(new GetRoomMembersQuery(_roomId, null, null, new string('a', 101)));

        (await act.Should().ThrowAsync<RequestValidationException>()).Which.Errors.Keys.Should().Contain("search");
    }

    [Fact]
    public async Task An_outsider_searching_a_public_room_is_refused()
    {
        As("alina");

        var act = () => _host.SendAsync(new GetRoomMembersQuery(_roomId, null, null, "al"));

        (await act.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("not_a_member");
    }

    private void As(string username) => _host.Caller.UserId.Returns(_users[username]);
}
