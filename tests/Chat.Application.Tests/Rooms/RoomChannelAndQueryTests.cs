using Chat.Application.Common.Exceptions;
using Chat.Application.Features.Conversations.GetConversation;
using Chat.Application.Features.Rooms.CreateChannel;
using Chat.Application.Features.Rooms.DeleteChannel;
using Chat.Application.Features.Rooms.DiscoverRooms;
using Chat.Application.Features.Rooms.Events;
using Chat.Application.Features.Rooms.GetMyRooms;
using Chat.Application.Features.Rooms.GetRoom;
using Chat.Application.Features.Rooms.GetRoomBans;
using Chat.Application.Features.Rooms.GetRoomChannels;
using Chat.Application.Features.Rooms.GetRoomInvite;
using Chat.Application.Features.Rooms.GetRoomMembers;
using Chat.Application.Features.Rooms.UpdateChannel;
using Chat.Application.Tests.Support;
using Chat.Domain.Common;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms;
using Chat.Domain.Rooms.Events;
using Chat.Domain.Users;

namespace Chat.Application.Tests.Rooms;

/// <summary>A room's channels (create, update, delete and their events) and the room queries.</summary>
[Covers(typeof(CreateChannelCommandHandler), typeof(UpdateChannelCommandHandler), typeof(DeleteChannelCommandHandler), typeof(ChannelChangesHandler))]
[Covers(typeof(GetRoomQueryHandler), typeof(GetMyRoomsQueryHandler), typeof(DiscoverRoomsQueryHandler))]
[Covers(typeof(GetRoomMembersQueryHandler), typeof(GetRoomBansQueryHandler), typeof(GetRoomChannelsQueryHandler), typeof(GetRoomInviteQueryHandler))]
public sealed class RoomChannelAndQueryTests : HandlerTest
{
    private User _owner = null!;
    private User _member = null!;
    private User _outsider = null!;
    private SeededRoom _room = null!;

    protected override async Task ArrangeAsync()
    {
        var users = await Given.UsersAsync("owner", "member", "outsider");
        (_owner, _member, _outsider) = (users[0], users[1], users[2]);
        _room = await Given.RoomAsync(_owner, "guild", true, _member);
    }

    // ---- channels -----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task An_admin_creates_a_channel_at_the_end_read_by_every_member()
    {
        var channel = await SendAs(_owner.Id, new CreateChannelCommand(_room.Id, " news ", ChannelType.Text, "what's new", null));

        channel.Title.Should().Be("news");
        channel.Position.Should().Be(1);
        channel.RoomId.Should().Be(_room.Id);
        (await Host.RowsAsync<ConversationParticipant>()).Should().NotContain(p => p.ConversationId == channel.Id, "channel access is room membership");
        (await SendAs(_member.Id, new GetConversationQuery(channel.Id))).UnreadCount.Should().Be(0);
        await Refused<ForbiddenException>(() => SendAs(_outsider.Id, new GetConversationQuery(channel.Id)), "not_a_participant");
        Host.Raised<ChannelCreated>().Should().Equal(new ChannelCreated(_room.Id, channel.Id));
        Host.Published<ChannelCreatedEvent>().Should().ContainSingle().Which.Channel.Id.Should().Be(channel.Id);

        (await SendAs(_owner.Id, new CreateChannelCommand(_room.Id, "voice", ChannelType.Voice, null, 7))).Position.Should().Be(7);
    }

    [Fact]
    public async Task Channels_are_managed_by_admins_and_their_shape_is_checked()
    {
        var longest = new string('c', RoomLimits.ChannelNameMaxLength);

        await Refused<DomainException>(() => SendAs(_member.Id, new CreateChannelCommand(_room.Id, "x", ChannelType.Text, null, null)), "role_too_low");
        await Refused<NotFoundException>(() => SendAs(_owner.Id, new CreateChannelCommand(Guid.NewGuid(), "x", ChannelType.Text, null, null)), "not_found");
        (await SendAs(_owner.Id, new CreateChannelCommand(_room.Id, longest, ChannelType.Text, new string('t', RoomLimits.ChannelTopicMaxLength), 0))).Title.Should().Be(longest);
        await Invalid(() => SendAs(_owner.Id, new CreateChannelCommand(_room.Id, longest + "c", ChannelType.Text, null, null)), "name");
        await Invalid(() => SendAs(_owner.Id, new CreateChannelCommand(_room.Id, "x", null, null, null)), "type");
        await Invalid(() => SendAs(_owner.Id, new CreateChannelCommand(_room.Id, "x", ChannelType.Text, new string('t', RoomLimits.ChannelTopicMaxLength + 1), null)), "topic");
        await Invalid(() => SendAs(_owner.Id, new CreateChannelCommand(_room.Id, "x", ChannelType.Text, null, -1)), "position");
    }

    [Fact]
    public async Task An_admin_updates_a_channel_and_the_members_hear_channel_updated()
    {
        var news = await Given.ChannelAsync(_room, _owner, "news");

        var updated = await SendAs(_owner.Id, new UpdateChannelCommand(_room.Id, news.Id, "updates", "", 3));

        updated.Title.Should().Be("updates");
        updated.Topic.Should().BeNull();
        updated.Position.Should().Be(3);
        Host.Raised<ChannelUpdated>().Should().Equal(new ChannelUpdated(_room.Id, news.Id));
        Host.Published<ChannelUpdatedEvent>().Should().ContainSingle().Which.Channel.Title.Should().Be("updates");
        await Refused<DomainException>(() => SendAs(_member.Id, new UpdateChannelCommand(_room.Id, news.Id, "mine", null, null)), "role_too_low");
        await Refused<NotFoundException>(() => SendAs(_owner.Id, new UpdateChannelCommand(_room.Id, Guid.NewGuid(), "x", null, null)), "not_found");
        await Invalid(() => SendAs(_owner.Id, new UpdateChannelCommand(_room.Id, news.Id, null, null, -1)), "position");
    }

    [Fact]
    public async Task An_admin_deletes_a_channel_with_its_messages()
    {
        var news = await Given.ChannelAsync(_room, _owner, "news");
        await Given.MessageAsync(news.Id, _member, "gone soon");

        await SendAs(_owner.Id, new DeleteChannelCommand(_room.Id, news.Id));

        (await Host.RowsAsync<Conversation>()).Select(c => c.Id).Should().Equal(_room.General.Id);
        (await Host.RowsAsync<Chat.Domain.Messages.Message>()).Should().BeEmpty();
        Host.Raised<ChannelDeleted>().Should().Equal(new ChannelDeleted(_room.Id, news.Id));
        Host.Published<ChannelDeletedEvent>().Should().Equal(new ChannelDeletedEvent(_room.Id, news.Id));
        await Refused<DomainException>(() => SendAs(_member.Id, new DeleteChannelCommand(_room.Id, _room.General.Id)), "role_too_low");
        await Refused<NotFoundException>(() => SendAs(_owner.Id, new DeleteChannelCommand(_room.Id, news.Id)), "not_found");
    }

    // ---- queries ------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_room_is_visible_to_anyone_when_public_and_to_members_only_when_private()
    {
        var hidden = await Given.RoomAsync(_owner, "hidden", false, _member);

        var seen = await SendAs(_outsider.Id, new GetRoomQuery(_room.Id));

        seen.Name.Should().Be("guild");
        seen.MemberCount.Should().Be(2);
        seen.MyRole.Should().BeNull();
        (await SendAs(_member.Id, new GetRoomQuery(hidden.Id))).MyRole.Should().Be(RoomRole.Member);
        await Refused<DomainException>(() => SendAs(_outsider.Id, new GetRoomQuery(hidden.Id)), "not_found");
        await Refused<NotFoundException>(() => SendAs(_outsider.Id, new GetRoomQuery(Guid.NewGuid())), "not_found");
    }

    [Fact]
    public async Task My_rooms_and_discovery_page_by_name()
    {
        await Given.RoomAsync(_owner, "Alpha", true);
        await Given.RoomAsync(_owner, "beta", false);
        await Given.RoomAsync(_outsider, "gamma", true);

        var mine = await SendAs(_owner.Id, new GetMyRoomsQuery(2, null));
        var mineNext = await SendAs(_owner.Id, new GetMyRoomsQuery(2, mine.NextCursor));
        mine.Items.Select(r => r.Name).Should().Equal("Alpha", "beta");
        mineNext.Items.Select(r => r.Name).Should().Equal("guild");
        mineNext.NextCursor.Should().BeNull();

        (await SendAs(_member.Id, new DiscoverRoomsQuery(null, null, null))).Items.Select(r => r.Name).Should().Equal("Alpha", "gamma", "guild");
        (await SendAs(_member.Id, new DiscoverRoomsQuery(" G ", null, null))).Items.Select(r => r.Name).Should().Equal("gamma", "guild");
        await Invalid(() => SendAs(_member.Id, new DiscoverRoomsQuery(new string('s', RoomLimits.NameMaxLength + 1), null, null)), "search");
        await Invalid(() => SendAs(_member.Id, new DiscoverRoomsQuery(null, 101, null)), "limit");
        await Invalid(() => SendAs(_member.Id, new GetMyRoomsQuery(0, null)), "limit");
    }

    [Fact]
    public async Task Members_bans_and_channels_are_listed_for_those_allowed()
    {
        await Given.ChannelAsync(_room, _owner, "news", position: 1);
        await Given.BanAsync(_room, _outsider, "spam");

        var members = await SendAs(_member.Id, new GetRoomMembersQuery(_room.Id, null, null));
        var channels = await SendAs(_member.Id, new GetRoomChannelsQuery(_room.Id));
        var bans = await SendAs(_owner.Id, new GetRoomBansQuery(_room.Id, null, null));

        members.Items.Select(m => (m.User.Id, m.Role)).Should().BeEquivalentTo([(_owner.Id, RoomRole.Owner), (_member.Id, RoomRole.Member)]);
        channels.Items.Select(c => c.Title).Should().Equal("general", "news");
        bans.Items.Should().ContainSingle().Which.Should().Match<Application.Features.Rooms.RoomBanDto>(b => b.User.Id == _outsider.Id && b.Reason == "spam" && b.BannedBy == _owner.Id);
        await Refused<DomainException>(() => SendAs(_member.Id, new GetRoomBansQuery(_room.Id, null, null)), "role_too_low");
        await Refused<DomainException>(() => SendAs(_outsider.Id, new GetRoomMembersQuery(_room.Id, null, null)), "not_a_member");
        await Refused<DomainException>(() => SendAs(_outsider.Id, new GetRoomChannelsQuery(_room.Id)), "not_a_member");
        await Invalid(() => SendAs(_member.Id, new GetRoomMembersQuery(_room.Id, 0, null)), "limit");
        await Invalid(() => SendAs(_owner.Id, new GetRoomBansQuery(_room.Id, 101, null)), "limit");
    }

    [Fact]
    public async Task An_invite_preview_shows_the_room_until_the_invite_expires()
    {
        var hidden = await Given.RoomAsync(_owner, "hidden", false);
        var invite = await Given.InviteAsync(hidden, _owner, lifetime: TimeSpan.FromMinutes(10));

        var preview = await SendAs(_outsider.Id, new GetRoomInviteQuery(invite.Code));

        preview.Room.Id.Should().Be(hidden.Id);
        preview.ExpiresAt.Should().Be(Host.Now.AddMinutes(10));
        Host.Clock.Advance(TimeSpan.FromMinutes(10));
        await Refused<DomainException>(() => SendAs(_outsider.Id, new GetRoomInviteQuery(invite.Code)), "not_found");
        await Refused<DomainException>(() => SendAs(_outsider.Id, new GetRoomInviteQuery("unknown")), "not_found");
    }
}
