using Chat.Domain.Common;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms;
using Chat.Domain.Rooms.Events;

namespace Chat.Domain.Tests.Rooms;

public sealed class RoomTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);
    private readonly Guid _owner = Guid.CreateVersion7();
    private readonly Guid _admin = Guid.CreateVersion7();
    private readonly Guid _moderator = Guid.CreateVersion7();
    private readonly Guid _member = Guid.CreateVersion7();
    private readonly Guid _outsider = Guid.CreateVersion7();

    [Fact]
    public void A_new_room_has_its_creator_as_owner_a_trimmed_name_and_a_general_text_channel()
    {
        var (room, general) = Room.Create(_owner, "  Book Club ", " ", null, isPublic: true, Now);

        room.Name.Should().Be("Book Club");
        room.NormalizedName.Should().Be("book club");
        room.Description.Should().BeNull();
        room.OwnerId.Should().Be(_owner);
        room.MemberOf(_owner)!.Role.Should().Be(RoomRole.Owner);
        room.DomainEvents.Should().ContainSingle().Which.Should().Be(new RoomCreated(room.Id, _owner));
        general.Kind.Should().Be(ConversationKind.Channel);
        general.RoomId.Should().Be(room.Id);
        general.Title.Should().Be("general");
        general.ChannelType.Should().Be(ChannelType.Text);
        general.Position.Should().Be(0);
        general.Participants.Should().BeEmpty("the owner reads it as a room member; a read row comes with the first read or write");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_room_needs_a_name(string name)
    {
        var act = () => Room.Create(_owner, name, null, null, true, Now);

        act.Should().Throw<DomainException>().Which.Code.Should().Be("validation_failed");
    }

    [Fact]
    public void Joining_a_public_room_makes_a_member_and_says_so()
    {
        var room = NewRoom(isPublic: true);

        var member = room.Join(_outsider, Now);

        member.Role.Should().Be(RoomRole.Member);
        room.DomainEvents.Should().Contain(new MemberJoined(room.Id, _outsider, null));
    }

    [Fact]
    public void A_banned_user_cannot_join_and_a_private_room_cannot_be_joined()
    {
        var room = NewRoom(isPublic: true);
        room.Ban(_moderator, _outsider, "spam", Now);
        var banned = () => room.Join(_outsider, Now);
        banned.Should().Throw<DomainException>().Which.Code.Should().Be("banned");

        var privateRoom = NewRoom(isPublic: false);
        var hidden = () => privateRoom.Join(_outsider, Now);
        hidden.Should().Throw<DomainException>().Which.Code.Should().Be("not_found");
    }

    [Fact]
    public void The_owner_must_transfer_before_leaving()
    {
        var room = NewRoom();

        var act = () => room.Leave(_owner);

        act.Should().Throw<DomainException>().Which.Code.Should().Be("owner_must_transfer");
        room.TransferOwnership(_owner, _member, Now);
        room.Leave(_owner);
        room.OwnerId.Should().Be(_member);
        room.MemberOf(_member)!.Role.Should().Be(RoomRole.Owner);
        room.MemberOf(_owner).Should().BeNull();
        room.DomainEvents.Should().Contain(new MemberLeft(room.Id, _owner, MemberLeaveReason.Left));
    }

    [Fact]
    public void Transferring_makes_the_previous_owner_an_admin_and_needs_a_member_as_heir()
    {
        var room = NewRoom();

        var toOutsider = () => room.TransferOwnership(_owner, _outsider, Now);
        toOutsider.Should().Throw<DomainException>().Which.Code.Should().Be("not_found");
        var byAdmin = () => room.TransferOwnership(_admin, _member, Now);
        byAdmin.Should().Throw<DomainException>().Which.Code.Should().Be("role_too_low");

        room.TransferOwnership(_owner, _admin, Now);

        room.MemberOf(_owner)!.Role.Should().Be(RoomRole.Admin);
        room.MemberOf(_admin)!.Role.Should().Be(RoomRole.Owner);
        room.DomainEvents.Should().Contain(new RoomUpdated(room.Id));
    }

    [Fact]
    public void Banning_a_member_removes_the_membership_and_banning_again_changes_nothing()
    {
        var room = NewRoom();
        room.ClearDomainEvents();

        room.Ban(_moderator, _member, "  rude  ", Now);
        room.Ban(_admin, _member, null, Now);

        room.MemberOf(_member).Should().BeNull();
        room.Bans.Should().ContainSingle().Which.Reason.Should().Be("rude");
        room.DomainEvents.Should().Equal(new MemberLeft(room.Id, _member, MemberLeaveReason.Banned), new UserBanned(room.Id, _member, _moderator));
    }

    [Fact]
    public void Moderators_cannot_kick_or_ban_their_equals_or_betters_nor_themselves()
    {
        var room = NewRoom();

        foreach (var target in new[] { _moderator, _admin, _owner })
        {
            var kick = () => room.Kick(_moderator, target);
            kick.Should().Throw<DomainException>().Which.Code.Should().Be("role_too_low");
            var ban = () => room.Ban(_moderator, target, null, Now);
            ban.Should().Throw<DomainException>().Which.Code.Should().Be("role_too_low");
        }
    }

    [Fact]
    public void A_non_member_can_be_banned_ahead_of_time_and_unbanned()
    {
        var room = NewRoom(isPublic: true);

        room.Ban(_moderator, _outsider, null, Now);
        room.IsBanned(_outsider).Should().BeTrue();
        room.Unban(_moderator, _outsider);

        room.IsBanned(_outsider).Should().BeFalse();
        var again = () => room.Unban(_moderator, _outsider);
        again.Should().Throw<DomainException>().Which.Code.Should().Be("not_found");
    }

    [Fact]
    public void Adding_a_member_needs_an_admin_and_refuses_members_and_banned_users()
    {
        var room = NewRoom();

        var byModerator = () => room.AddMember(_moderator, _outsider, Now);
        byModerator.Should().Throw<DomainException>().Which.Code.Should().Be("role_too_low");
        var existing = () => room.AddMember(_admin, _member, Now);
        existing.Should().Throw<DomainException>().Which.Code.Should().Be("already_member");
        room.Ban(_admin, _outsider, null, Now);
        var banned = () => room.AddMember(_admin, _outsider, Now);
        banned.Should().Throw<DomainException>().Which.Code.Should().Be("banned");
    }

    [Fact]
    public void Updating_raises_an_event_only_when_something_changed()
    {
        var room = NewRoom();
        room.ClearDomainEvents();

        room.Update(_admin, room.Name, null, null, room.IsPublic, Now);
        room.DomainEvents.Should().BeEmpty();

        room.Update(_admin, null, "About books", "https://example.com/i.png", true, Now.AddMinutes(1));

        room.Description.Should().Be("About books");
        room.IsPublic.Should().BeTrue();
        room.UpdatedAt.Should().Be(Now.AddMinutes(1));
        room.DomainEvents.Should().Equal(new RoomUpdated(room.Id));
    }

    [Fact]
    public void An_invite_works_until_it_expires_or_its_uses_run_out()
    {
        var room = NewRoom(isPublic: false);
        var invite = room.CreateInvite(_moderator, RoomInvite.NewCode(), maxUses: 1, TimeSpan.FromHours(1), Now);
        var secondUser = Guid.CreateVersion7();

        invite.IsUsable(Now.AddMinutes(59)).Should().BeTrue();
        invite.IsUsable(Now.AddHours(1)).Should().BeFalse();

        room.AcceptInvite(invite, _outsider, Now);
        invite.Uses.Should().Be(1);
        room.MemberOf(_outsider).Should().NotBeNull();
        var usedUp = () => room.AcceptInvite(invite, secondUser, Now);
        usedUp.Should().Throw<DomainException>().Which.Code.Should().Be("not_found");
    }

    [Fact]
    public void Accepting_an_invite_as_a_member_spends_no_use_and_a_banned_user_is_refused()
    {
        var room = NewRoom(isPublic: false);
        var invite = room.CreateInvite(_owner, RoomInvite.NewCode(), maxUses: null, lifetime: null, Now);

        room.AcceptInvite(invite, _member, Now).Role.Should().Be(RoomRole.Member);
        invite.Uses.Should().Be(0);

        room.Ban(_owner, _outsider, null, Now);
        var banned = () => room.AcceptInvite(invite, _outsider, Now);
        banned.Should().Throw<DomainException>().Which.Code.Should().Be("banned");
    }

    [Fact]
    public void Invite_codes_are_url_safe_and_random()
    {
        var codes = Enumerable.Range(0, 100).Select(_ => RoomInvite.NewCode()).ToList();

        codes.Should().OnlyHaveUniqueItems();
        codes.Should().AllSatisfy(c => c.Should().MatchRegex("^[A-Za-z0-9]{10}$"));
    }

    [Fact]
    public void Only_moderators_invite_to_private_rooms_and_limits_are_checked()
    {
        var room = NewRoom(isPublic: false);

        var byMember = () => room.CreateInvite(_member, RoomInvite.NewCode(), null, null, Now);
        byMember.Should().Throw<DomainException>().Which.Code.Should().Be("role_too_low");
        var zeroUses = () => room.CreateInvite(_moderator, RoomInvite.NewCode(), 0, null, Now);
        zeroUses.Should().Throw<DomainException>().Which.Code.Should().Be("validation_failed");
        var tooLong = () => room.CreateInvite(_moderator, RoomInvite.NewCode(), null, TimeSpan.FromDays(31), Now);
        tooLong.Should().Throw<DomainException>().Which.Code.Should().Be("validation_failed");
    }

    private Room NewRoom(bool isPublic = false)
    {
        var (room, _) = Room.Create(_owner, "Room", null, null, isPublic, Now);
        var invite = room.CreateInvite(_owner, RoomInvite.NewCode(), null, null, Now);
        foreach (var user in new[] { _admin, _moderator, _member })
        {
            room.AcceptInvite(invite, user, Now);
        }

        room.ChangeRole(_owner, _admin, RoomRole.Admin);
        room.ChangeRole(_owner, _moderator, RoomRole.Moderator);
        return room;
    }
}
