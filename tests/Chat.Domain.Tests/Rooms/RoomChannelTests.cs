using Chat.Domain.Common;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms;
using Chat.Domain.Rooms.Events;

namespace Chat.Domain.Tests.Rooms;

public sealed class RoomChannelTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);
    private readonly Guid _owner = Guid.CreateVersion7();
    private readonly Guid _admin = Guid.CreateVersion7();
    private readonly Guid _moderator = Guid.CreateVersion7();
    private readonly Guid _member = Guid.CreateVersion7();
    private Room _room = null!;
    private Conversation _general = null!;

    public RoomChannelTests()
    {
        (_room, _general) = Room.Create(_owner, "Room", null, null, true, Now);
        var invite = _room.CreateInvite(_owner, RoomInvite.NewCode(), null, null, Now);
        _general.AdmitRoomMember(_owner, Now);
        foreach (var user in new[] { _admin, _moderator, _member })
        {
            _room.AcceptInvite(invite, user, Now);
            _general.AdmitRoomMember(user, Now);
        }

        _room.ChangeRole(_owner, _admin, RoomRole.Admin);
        _room.ChangeRole(_owner, _moderator, RoomRole.Moderator);
        _room.ClearDomainEvents();
    }

    [Fact]
    public void Admins_create_channels_with_no_row_per_member()
    {
        var channel = _room.CreateChannel(_admin, " random ", ChannelType.Text, " Off topic ", 2, Now);

        channel.Kind.Should().Be(ConversationKind.Channel);
        channel.RoomId.Should().Be(_room.Id);
        channel.Title.Should().Be("random");
        channel.Topic.Should().Be("Off topic");
        channel.Position.Should().Be(2);
        channel.Participants.Should().BeEmpty("channel access is room membership; read rows are made on first read or write");
        _room.DomainEvents.Should().Equal(new ChannelCreated(_room.Id, channel.Id));
    }

    [Fact]
    public void Moderators_and_members_cannot_manage_channels()
    {
        foreach (var user in new[] { _moderator, _member })
        {
            var create = () => _room.CreateChannel(user, "x", ChannelType.Text, null, 0, Now);
            create.Should().Throw<DomainException>().Which.Code.Should().Be("role_too_low");
            var update = () => _room.UpdateChannel(user, _general, "x", null, null, Now);
            update.Should().Throw<DomainException>().Which.Code.Should().Be("role_too_low");
            var delete = () => _room.DeleteChannel(user, _general);
            delete.Should().Throw<DomainException>().Which.Code.Should().Be("role_too_low");
        }
    }

    [Fact]
    public void A_channel_of_another_room_is_not_found()
    {
        var (_, otherGeneral) = Room.Create(_owner, "Other", null, null, true, Now);

        var act = () => _room.DeleteChannel(_owner, otherGeneral);

        act.Should().Throw<DomainException>().Which.Code.Should().Be("not_found");
    }

    [Fact]
    public void Updating_a_channel_raises_an_event_only_when_something_changed()
    {
        _room.UpdateChannel(_admin, _general, "general", null, 0, Now);
        _room.DomainEvents.Should().BeEmpty();

        _room.UpdateChannel(_admin, _general, null, "News", 4, Now.AddMinutes(1));
        _room.UpdateChannel(_admin, _general, null, "  ", null, Now.AddMinutes(2));

        _general.Topic.Should().BeNull();
        _general.Position.Should().Be(4);
        _general.UpdatedAt.Should().Be(Now.AddMinutes(2));
        _room.DomainEvents.Should().Equal(new ChannelUpdated(_room.Id, _general.Id), new ChannelUpdated(_room.Id, _general.Id));
    }

    [Fact]
    public void Voice_channels_refuse_messages()
    {
        var voice = _room.CreateChannel(_owner, "Voice", ChannelType.Voice, null, 1, Now);

        var act = () => voice.AppendMessage(voice.AdmitRoomMember(_owner, Now), "hello?", null, null, [], Now);

        act.Should().Throw<DomainException>().WithMessage("Voice channels carry no messages.")
            .Which.Should().Match<DomainException>(e => e.Code == "voice_channel" && e.Kind == DomainErrorKind.Invalid);
        (voice.LastSeq, voice.Version).Should().Be((0, 0));
    }

    [Theory]
    [InlineData(RoomRole.Owner, true)]
    [InlineData(RoomRole.Admin, true)]
    [InlineData(RoomRole.Moderator, true)]
    [InlineData(RoomRole.Member, false)]
    public void In_a_channel_moderators_and_above_delete_anyones_message(RoomRole role, bool allowed)
    {
        var message = _general.AppendMessage(_general.ParticipantOf(_member)!, "spam", null, null, [], Now);
        var actor = _general.ParticipantOf(_admin)!;

        var act = () => _general.DeleteMessage(message, actor, Now, actorRoomRole: role);

        if (allowed)
        {
            act.Should().NotThrow();
            message.IsDeleted.Should().BeTrue();
        }
        else
        {
            act.Should().Throw<DomainException>().Which.Code.Should().Be("not_sender");
        }
    }

    [Fact]
    public void A_newcomer_reads_from_now_on_and_is_admitted_once()
    {
        _general.AppendMessage(_general.ParticipantOf(_owner)!, "before", null, null, [], Now);
        var newcomer = Guid.CreateVersion7();

        var first = _general.AdmitRoomMember(newcomer, Now);
        var again = _general.AdmitRoomMember(newcomer, Now);

        again.Should().BeSameAs(first);
        first.LastReadSeq.Should().Be(1);
    }

    [Fact]
    public void A_channel_row_belongs_to_the_membership_it_was_made_or_renewed_for_and_not_to_a_later_one()
    {
        var row = _general.AdmitRoomMember(Guid.CreateVersion7(), Now);

        row.BelongsToMembership(Now).Should().BeTrue();
        row.BelongsToMembership(Now.AddMinutes(-1)).Should().BeTrue("a membership that began earlier is still the one the row was made under");
        row.BelongsToMembership(Now.AddMinutes(1)).Should().BeFalse("left over from an earlier membership");

        row.Rejoin(Now.AddMinutes(1), readUpTo: 0);
        row.BelongsToMembership(Now.AddMinutes(1)).Should().BeTrue("renewed for the new membership");
    }

    [Fact]
    public void A_member_admitted_late_reads_up_to_their_join_point_and_never_past_the_last_seq()
    {
        var owner = _general.ParticipantOf(_owner)!;
        _general.AppendMessage(owner, "one", null, null, [], Now);
        _general.AppendMessage(owner, "two", null, null, [], Now);
        _general.AppendMessage(owner, "three", null, null, [], Now);

        var late = _general.AdmitRoomMember(Guid.CreateVersion7(), Now.AddMinutes(-1), readUpTo: 2);
        var beyond = _general.AdmitRoomMember(Guid.CreateVersion7(), Now, readUpTo: 9);

        (late.LastReadSeq, late.LastDeliveredSeq, late.JoinedAt).Should().Be((2, 2, Now.AddMinutes(-1)));
        beyond.LastReadSeq.Should().Be(3);
    }

    [Fact]
    public void Message_times_never_go_back_within_a_channel()
    {
        var owner = _general.ParticipantOf(_owner)!;
        var first = _general.AppendMessage(owner, "one", null, null, [], Now.AddMinutes(5));

        var second = _general.AppendMessage(owner, "two", null, null, [], Now.AddMinutes(1));

        second.CreatedAt.Should().Be(first.CreatedAt, "a member's join time must split the messages into a read prefix and an unread rest");
        _general.LastActivityAt.Should().Be(Now.AddMinutes(5));
    }

    [Fact]
    public void A_row_left_from_an_earlier_membership_is_renewed_forward_only()
    {
        var row = _general.ParticipantOf(_member)!;

        row.Rejoin(Now.AddDays(1), 4);

        (row.JoinedAt, row.LastReadSeq, row.LastDeliveredSeq).Should().Be((Now.AddDays(1), 4, 4));
        row.Rejoin(Now.AddDays(2), 1);
        row.LastReadSeq.Should().Be(4);
    }
}
