using Chat.Application.Common.Exceptions;
using Chat.Application.Features.Conversations;
using Chat.Application.Features.Conversations.GetConversation;
using Chat.Application.Features.Conversations.GetConversations;
using Chat.Application.Features.Conversations.GetUnread;
using Chat.Application.Features.Rooms.AcceptRoomInvite;
using Chat.Application.Features.Rooms.AddRoomMember;
using Chat.Application.Features.Rooms.BanRoomUser;
using Chat.Application.Features.Rooms.ChangeRoomMemberRole;
using Chat.Application.Features.Rooms.CreateRoom;
using Chat.Application.Features.Rooms.CreateRoomInvite;
using Chat.Application.Features.Rooms.DeleteRoom;
using Chat.Application.Features.Rooms.Events;
using Chat.Application.Features.Rooms.JoinRoom;
using Chat.Application.Features.Rooms.KickRoomMember;
using Chat.Application.Features.Rooms.LeaveRoom;
using Chat.Application.Features.Rooms.TransferRoom;
using Chat.Application.Features.Rooms.UnbanRoomUser;
using Chat.Application.Features.Rooms.UpdateRoom;
using Chat.Application.Tests.Support;
using Chat.Domain.Common;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms;
using Chat.Domain.Rooms.Events;
using Chat.Domain.Users;

namespace Chat.Application.Tests.Rooms;

/// <summary>A room's life: create, update, delete, transfer; who joins and leaves (and reads its channels); roles, kicks, bans, invites.</summary>
[Covers(typeof(CreateRoomCommandHandler), typeof(UpdateRoomCommandHandler), typeof(RoomUpdatedHandler))]
[Covers(typeof(DeleteRoomCommandHandler), typeof(RoomDeletedHandler), typeof(TransferRoomCommandHandler))]
[Covers(typeof(JoinRoomCommandHandler), typeof(LeaveRoomCommandHandler), typeof(AddRoomMemberCommandHandler))]
[Covers(typeof(RoomMemberJoinedHandler), typeof(RoomMemberLeftHandler))]
[Covers(typeof(ChangeRoomMemberRoleCommandHandler), typeof(RoomMemberRoleChangedHandler))]
[Covers(typeof(KickRoomMemberCommandHandler), typeof(BanRoomUserCommandHandler), typeof(UnbanRoomUserCommandHandler))]
[Covers(typeof(CreateRoomInviteCommandHandler), typeof(AcceptRoomInviteCommandHandler))]
public sealed class RoomCommandTests : HandlerTest
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

    // ---- create, update, delete, transfer -----------------------------------------------------------------------------

    [Fact]
    public async Task A_new_room_is_owned_by_its_creator_and_has_a_general_channel()
    {
        var room = await SendAs(_outsider.Id, new CreateRoomCommand(" Book club ", "we read", "https://example.org/i.png", false));

        room.Name.Should().Be("Book club");
        room.OwnerId.Should().Be(_outsider.Id);
        room.MyRole.Should().Be(RoomRole.Owner);
        room.MemberCount.Should().Be(1);
        room.IsPublic.Should().BeFalse();
        var general = (await Host.RowsAsync<Conversation>()).Single(c => c.RoomId == room.Id);
        general.Title.Should().Be("general");
        (await SendAs(_outsider.Id, new GetConversationQuery(general.Id))).UnreadCount.Should().Be(0);
        Host.Raised<RoomCreated>().Should().Equal(new RoomCreated(room.Id, _outsider.Id));
    }

    [Fact]
    public async Task Room_shape_is_checked_at_its_limits()
    {
        var longest = new string('n', RoomLimits.NameMaxLength);

        (await SendAs(_owner.Id, new CreateRoomCommand(longest, new string('d', RoomLimits.DescriptionMaxLength), "", true))).Name.Should().Be(longest);
        await Invalid(() => SendAs(_owner.Id, new CreateRoomCommand(longest + "n", null, null, true)), "name");
        await Invalid(() => SendAs(_owner.Id, new CreateRoomCommand(" ", null, null, true)), "name");
        await Invalid(() => SendAs(_owner.Id, new CreateRoomCommand("r", new string('d', RoomLimits.DescriptionMaxLength + 1), null, true)), "description");
        await Invalid(() => SendAs(_owner.Id, new CreateRoomCommand("r", null, "ftp://x/y", true)), "iconUrl");
        await Invalid(() => SendAs(_owner.Id, new UpdateRoomCommand(_room.Id, longest + "n", null, null, null)), "name");
    }

    [Fact]
    public async Task An_admin_updates_the_room_and_the_members_hear_room_updated()
    {
        var updated = await SendAs(_owner.Id, new UpdateRoomCommand(_room.Id, "Guild Hall", "all welcome", null, false));

        updated.Name.Should().Be("Guild Hall");
        updated.IsPublic.Should().BeFalse();
        Host.Raised<RoomUpdated>().Should().Equal(new RoomUpdated(_room.Id));
        Host.Published<RoomUpdatedEvent>().Should().ContainSingle().Which.Room.Name.Should().Be("Guild Hall");
        await Refused<DomainException>(() => SendAs(_member.Id, new UpdateRoomCommand(_room.Id, "mine", null, null, null)), "role_too_low");
    }

    [Fact]
    public async Task The_owner_deletes_the_room_with_its_channels_and_the_members_hear_room_deleted()
    {
        await Given.MessageAsync(_room.General.Id, _member, "bye");

        await SendAs(_owner.Id, new DeleteRoomCommand(_room.Id));

        (await Host.RowsAsync<Room>()).Should().BeEmpty();
        (await Host.RowsAsync<Conversation>()).Should().BeEmpty();
        Host.Raised<RoomDeleted>().Should().ContainSingle().Which.MemberIds.Should().BeEquivalentTo([_owner.Id, _member.Id]);
        Host.Published<RoomDeletedEvent>().Should().Equal(new RoomDeletedEvent(_room.Id));
    }

    [Fact]
    public async Task Only_the_owner_deletes_and_an_unknown_room_is_not_found()
    {
        await Refused<DomainException>(() => SendAs(_member.Id, new DeleteRoomCommand(_room.Id)), "role_too_low");
        await Refused<NotFoundException>(() => SendAs(_owner.Id, new DeleteRoomCommand(Guid.NewGuid())), "not_found");
    }

    [Fact]
    public async Task The_owner_hands_the_room_over_and_becomes_an_admin()
    {
        await SendAs(_owner.Id, new TransferRoomCommand(_room.Id, _member.Id));

        var members = await Host.RowsAsync<RoomMember>();
        members.Single(m => m.UserId == _member.Id).Role.Should().Be(RoomRole.Owner);
        members.Single(m => m.UserId == _owner.Id).Role.Should().Be(RoomRole.Admin);
        (await Host.RowsAsync<Room>()).Single().OwnerId.Should().Be(_member.Id);
        Host.Published<RoomMemberUpdatedEvent>().Should().HaveCount(2);
        await Refused<DomainException>(() => SendAs(_owner.Id, new TransferRoomCommand(_room.Id, _member.Id)), "role_too_low");
    }

    // ---- join, leave, add ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task Joining_a_public_room_makes_you_a_reader_of_every_channel_with_nothing_unread()
    {
        var news = await Given.ChannelAsync(_room, _owner, "news");
        await Given.MessageAsync(news.Id, _owner, "old news");

        var room = await SendAs(_outsider.Id, new JoinRoomCommand(_room.Id));

        room.MyRole.Should().Be(RoomRole.Member);
        (await Host.RowsAsync<ConversationParticipant>()).Should().NotContain(p => p.UserId == _outsider.Id, "a join writes no row per channel");
        var channels = await SendAs(_outsider.Id, new GetConversationsQuery(ConversationKind.Channel));
        channels.Items.Select(c => c.Id).Should().BeEquivalentTo([_room.General.Id, news.Id]);
        channels.Items.Single(c => c.Id == news.Id).Should().Match<ConversationDto>(c => c.LastReadSeq == 1 && c.UnreadCount == 0);
        (await SendAs(_outsider.Id, new GetUnreadQuery())).Total.Should().Be(0);
        Host.Raised<MemberJoined>().Should().Equal(new MemberJoined(_room.Id, _outsider.Id, null));
        Host.Published<RoomMemberJoinedEvent>().Should().ContainSingle().Which.User.Id.Should().Be(_outsider.Id);
    }

    [Fact]
    public async Task Joining_twice_a_private_room_or_while_banned_is_refused()
    {
        var hidden = await Given.RoomAsync(_owner, "hidden", false);
        await Given.BanAsync(_room, _outsider);

        await Refused<DomainException>(() => SendAs(_member.Id, new JoinRoomCommand(_room.Id)), "already_member");
        await Refused<DomainException>(() => SendAs(_outsider.Id, new JoinRoomCommand(_room.Id)), "banned");
        await Refused<DomainException>(() => SendAs(_member.Id, new JoinRoomCommand(hidden.Id)), "not_found");
        await Refused<NotFoundException>(() => SendAs(_member.Id, new JoinRoomCommand(Guid.NewGuid())), "not_found");
    }

    [Fact]
    public async Task Leaving_takes_you_off_every_channel_and_tells_you_and_the_rest()
    {
        await SendAs(_member.Id, new LeaveRoomCommand(_room.Id));

        (await Host.RowsAsync<RoomMember>()).Select(m => m.UserId).Should().Equal(_owner.Id);
        (await Host.RowsAsync<ConversationParticipant>()).Should().NotContain(p => p.UserId == _member.Id);
        Host.Raised<MemberLeft>().Should().Equal(new MemberLeft(_room.Id, _member.Id, MemberLeaveReason.Left));
        Host.Published<RoomMemberLeftEvent>().Should().ContainSingle().Which.Reason.Should().Be(MemberLeaveReason.Left);
        await Refused<DomainException>(() => SendAs(_owner.Id, new LeaveRoomCommand(_room.Id)), "owner_must_transfer");
        await Refused<DomainException>(() => SendAs(_outsider.Id, new LeaveRoomCommand(_room.Id)), "not_a_member");
    }

    [Fact]
    public async Task An_admin_adds_a_user_who_then_reads_the_channels()
    {
        var added = await SendAs(_owner.Id, new AddRoomMemberCommand(_room.Id, _outsider.Id));

        added.User.Id.Should().Be(_outsider.Id);
        added.Role.Should().Be(RoomRole.Member);
        (await SendAs(_outsider.Id, new GetConversationQuery(_room.General.Id))).Id.Should().Be(_room.General.Id);
        Host.Raised<MemberJoined>().Should().Equal(new MemberJoined(_room.Id, _outsider.Id, _owner.Id));
        await Refused<DomainException>(() => SendAs(_owner.Id, new AddRoomMemberCommand(_room.Id, _outsider.Id)), "already_member");
        await Refused<NotFoundException>(() => SendAs(_owner.Id, new AddRoomMemberCommand(_room.Id, Guid.NewGuid())), "not_found");
        await Refused<DomainException>(() => SendAs(_member.Id, new AddRoomMemberCommand(_room.Id, Guid.NewGuid())), "role_too_low");
    }

    // ---- roles, kick, ban ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task The_owner_changes_a_role_and_the_members_hear_member_updated()
    {
        var changed = await SendAs(_owner.Id, new ChangeRoomMemberRoleCommand(_room.Id, _member.Id, RoomRole.Moderator));

        changed.Role.Should().Be(RoomRole.Moderator);
        Host.Raised<MemberRoleChanged>().Should().Equal(new MemberRoleChanged(_room.Id, _member.Id, RoomRole.Moderator));
        Host.Published<RoomMemberUpdatedEvent>().Should().ContainSingle().Which.Member.Role.Should().Be(RoomRole.Moderator);
        await Refused<DomainException>(() => SendAs(_member.Id, new ChangeRoomMemberRoleCommand(_room.Id, _owner.Id, RoomRole.Member)), "role_too_low");
        await Invalid(() => SendAs(_owner.Id, new ChangeRoomMemberRoleCommand(_room.Id, _member.Id, RoomRole.Owner)), "role");
        await Invalid(() => SendAs(_owner.Id, new ChangeRoomMemberRoleCommand(_room.Id, _member.Id, null)), "role");
    }

    [Fact]
    public async Task A_moderator_kicks_a_member_off_the_room_and_its_channels()
    {
        await Given.RoleAsync(_room, _member, RoomRole.Moderator);
        var victim = await Given.UserAsync("victim");
        await SendAs(victim.Id, new JoinRoomCommand(_room.Id));
        Host.ClearObservations();

        await SendAs(_member.Id, new KickRoomMemberCommand(_room.Id, victim.Id));

        (await Host.RowsAsync<RoomMember>()).Should().NotContain(m => m.UserId == victim.Id);
        (await Host.RowsAsync<ConversationParticipant>()).Should().NotContain(p => p.UserId == victim.Id);
        Host.Raised<MemberLeft>().Should().Equal(new MemberLeft(_room.Id, victim.Id, MemberLeaveReason.Kicked));
        Host.Published<RoomMemberLeftEvent>().Should().ContainSingle().Which.Reason.Should().Be(MemberLeaveReason.Kicked);
        await Refused<DomainException>(() => SendAs(_member.Id, new KickRoomMemberCommand(_room.Id, _owner.Id)), "role_too_low");
    }

    [Fact]
    public async Task A_ban_removes_the_member_keeps_them_out_and_an_unban_lets_them_back()
    {
        await SendAs(_owner.Id, new BanRoomUserCommand(_room.Id, _member.Id, " spam "));

        var ban = (await Host.RowsAsync<RoomBan>()).Should().ContainSingle().Subject;
        ban.UserId.Should().Be(_member.Id);
        ban.Reason.Should().Be("spam");
        (await Host.RowsAsync<ConversationParticipant>()).Should().NotContain(p => p.UserId == _member.Id);
        Host.Raised<MemberLeft>().Should().Equal(new MemberLeft(_room.Id, _member.Id, MemberLeaveReason.Banned));
        Host.Raised<UserBanned>().Should().Equal(new UserBanned(_room.Id, _member.Id, _owner.Id));
        await Refused<DomainException>(() => SendAs(_member.Id, new JoinRoomCommand(_room.Id)), "banned");

        await SendAs(_owner.Id, new UnbanRoomUserCommand(_room.Id, _member.Id));

        (await Host.RowsAsync<RoomBan>()).Should().BeEmpty();
        Host.Raised<UserUnbanned>().Should().Equal(new UserUnbanned(_room.Id, _member.Id));
        (await SendAs(_member.Id, new JoinRoomCommand(_room.Id))).MyRole.Should().Be(RoomRole.Member);
    }

    [Fact]
    public async Task Bans_are_for_moderators_on_known_users_with_short_reasons()
    {
        var longest = new string('r', RoomLimits.BanReasonMaxLength);

        await Refused<DomainException>(() => SendAs(_member.Id, new BanRoomUserCommand(_room.Id, _outsider.Id, null)), "role_too_low");
        await Refused<DomainException>(() => SendAs(_member.Id, new UnbanRoomUserCommand(_room.Id, _outsider.Id)), "role_too_low");
        await Refused<NotFoundException>(() => SendAs(_owner.Id, new BanRoomUserCommand(_room.Id, Guid.NewGuid(), null)), "not_found");
        await Invalid(() => SendAs(_owner.Id, new BanRoomUserCommand(_room.Id, _outsider.Id, longest + "r")), "reason");
        await Invalid(() => SendAs(_owner.Id, new BanRoomUserCommand(_room.Id, Guid.Empty, null)), "userId");
        await SendAs(_owner.Id, new BanRoomUserCommand(_room.Id, _outsider.Id, longest));
    }

    // ---- invites ------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task An_invite_lets_a_user_into_a_private_room_until_its_uses_run_out()
    {
        var hidden = await Given.RoomAsync(_owner, "hidden", false);
        var invite = await SendAs(_owner.Id, new CreateRoomInviteCommand(hidden.Id, 1, 3600));

        invite.MaxUses.Should().Be(1);
        invite.ExpiresAt.Should().Be(Host.Now.AddHours(1));
        invite.Url.Should().Be("/invites/" + invite.Code);
        var joined = await SendAs(_outsider.Id, new AcceptRoomInviteCommand(invite.Code));

        joined.Id.Should().Be(hidden.Id);
        joined.MyRole.Should().Be(RoomRole.Member);
        (await Host.RowsAsync<RoomInvite>()).Single().Uses.Should().Be(1);
        Host.Raised<MemberJoined>().Should().ContainSingle().Which.UserId.Should().Be(_outsider.Id);
        await Refused<DomainException>(() => SendAs(_member.Id, new AcceptRoomInviteCommand(invite.Code)), "not_found");
    }

    [Fact]
    public async Task An_expired_or_unknown_invite_is_not_found_and_a_banned_user_is_refused()
    {
        var invite = await Given.InviteAsync(_room, _owner, lifetime: TimeSpan.FromMinutes(1));
        await Given.BanAsync(_room, _outsider);

        await Refused<DomainException>(() => SendAs(_outsider.Id, new AcceptRoomInviteCommand(invite.Code)), "banned");
        Host.Clock.Advance(TimeSpan.FromMinutes(2));
        var late = await Given.UserAsync("late");
        await Refused<DomainException>(() => SendAs(late.Id, new AcceptRoomInviteCommand(invite.Code)), "not_found");
        await Refused<NotFoundException>(() => SendAs(late.Id, new AcceptRoomInviteCommand("nosuchcode")), "not_found");
    }

    [Fact]
    public async Task Invites_of_a_private_room_are_for_moderators_and_their_limits_are_checked()
    {
        var hidden = await Given.RoomAsync(_owner, "hidden", false, _member);

        await Refused<DomainException>(() => SendAs(_member.Id, new CreateRoomInviteCommand(hidden.Id, null, null)), "role_too_low");
        (await SendAs(_member.Id, new CreateRoomInviteCommand(_room.Id, RoomLimits.InviteMaxUsesLimit, RoomLimits.InviteMaxLifetimeSeconds))).ExpiresAt
            .Should().Be(Host.Now.AddSeconds(RoomLimits.InviteMaxLifetimeSeconds));
        await Invalid(() => SendAs(_owner.Id, new CreateRoomInviteCommand(_room.Id, RoomLimits.InviteMaxUsesLimit + 1, null)), "maxUses");
        await Invalid(() => SendAs(_owner.Id, new CreateRoomInviteCommand(_room.Id, 0, null)), "maxUses");
        await Invalid(() => SendAs(_owner.Id, new CreateRoomInviteCommand(_room.Id, null, RoomLimits.InviteMaxLifetimeSeconds + 1)), "expiresInSeconds");
        await Invalid(() => SendAs(_owner.Id, new CreateRoomInviteCommand(_room.Id, null, 0)), "expiresInSeconds");
    }
}
