using Chat.Application.Common.Exceptions;
using Chat.Application.Features.Admin.BanFromRoom;
using Chat.Application.Features.Admin.DeleteAnyMessage;
using Chat.Application.Features.Admin.DeleteAnyRoom;
using Chat.Application.Features.Admin.GetAuditLog;
using Chat.Application.Features.Admin.GetUsers;
using Chat.Application.Tests.Support;
using Chat.Domain.Administration;
using Chat.Domain.Common;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Chat.Domain.Messages.Events;
using Chat.Domain.Rooms;
using Chat.Domain.Rooms.Events;
using Chat.Domain.Users;
using NSubstitute;

namespace Chat.Application.Tests.Admin;

/// <summary>The admin API's handlers: administrators only (before validation), each action audited in its own transaction.</summary>
[Covers(typeof(GetUsersQueryHandler), typeof(GetAuditLogQueryHandler))]
[Covers(typeof(DeleteAnyMessageCommandHandler), typeof(DeleteAnyRoomCommandHandler), typeof(BanFromRoomCommandHandler))]
public sealed class AdminHandlerTests : HandlerTest
{
    private User _admin = null!;
    private User _alice = null!;
    private User _bob = null!;

    protected override async Task ArrangeAsync()
    {
        var users = await Given.UsersAsync("the_admin", "alice", "bob");
        (_admin, _alice, _bob) = (users[0], users[1], users[2]);
    }

    private Task<T> AsAdmin<T>(MediatR.IRequest<T> request)
    {
        Host.As(_admin.Id, isAdmin: true).Caller.ClientAddress.Returns("198.51.100.4");
        return Host.SendAsync(request);
    }

    [Fact]
    public async Task Every_admin_request_is_refused_to_others_before_validation_and_writes_nothing()
    {
        var message = await Given.MessageAsync((await Given.DirectAsync(_alice, _bob)).Id, _bob);
        var room = await Given.RoomAsync(_alice, "garden", isPublic: true, _bob);
        var tooLong = new string('x', AuditLimits.ReasonMaxLength + 1);

        await Refused<ForbiddenException>(() => SendAs(_alice.Id, new GetUsersQuery(null, 0, null)), "forbidden");
        await Refused<ForbiddenException>(() => SendAs(_alice.Id, new GetAuditLogQuery(null, null, null, null, null)), "forbidden");
        await Refused<ForbiddenException>(() => SendAs(_alice.Id, new DeleteAnyMessageCommand(message.Id, tooLong)), "forbidden");
        await Refused<ForbiddenException>(() => SendAs(_alice.Id, new DeleteAnyRoomCommand(room.Id, null)), "forbidden");
        await Refused<ForbiddenException>(() => SendAs(_alice.Id, new BanFromRoomCommand(room.Id, _bob.Id, null)), "forbidden");

        (await Host.RowsAsync<AuditRecord>()).Should().BeEmpty();
        (await Host.RowsAsync<Message>()).Should().ContainSingle(m => m.DeletedAt == null);
        (await Host.RowsAsync<RoomMember>()).Should().HaveCount(2);
    }

    [Fact]
    public async Task Deleting_any_message_tombstones_it_with_the_next_version_and_audits_it()
    {
        var direct = await Given.DirectAsync(_alice, _bob);
        var message = await Given.MessageAsync(direct.Id, _bob, "abuse");
        Host.Clock.Advance(TimeSpan.FromMinutes(1));

        await AsAdmin(new DeleteAnyMessageCommand(message.Id, " abuse "));

        var stored = (await Host.RowsAsync<Message>()).Single();
        stored.DeletedAt.Should().Be(Host.Now);
        stored.Version.Should().Be(2);
        Host.Raised<MessageDeleted>().Should().Equal(new MessageDeleted(direct.Id, message.Id, 1, 2, 0));
        var record = (await Host.RowsAsync<AuditRecord>()).Should().ContainSingle().Subject;
        record.Should().BeEquivalentTo(new
        {
            ActorId = _admin.Id,
            ActorUsername = "the_admin",
            Action = AuditActions.MessageDelete,
            TargetType = AuditActions.TargetMessage,
            TargetId = message.Id.ToString(),
            Reason = "abuse",
            ClientAddress = "198.51.100.4",
            CreatedAt = Host.Now,
        });

        // Deleting again changes nothing but is recorded; an unknown message is 404 and is not.
        await AsAdmin(new DeleteAnyMessageCommand(message.Id, null));
        (await Host.RowsAsync<Message>()).Single().Version.Should().Be(2);
        await Refused<NotFoundException>(() => AsAdmin(new DeleteAnyMessageCommand(Guid.NewGuid(), null)), "not_found");
        (await Host.RowsAsync<AuditRecord>()).Should().HaveCount(2);
        await Invalid(() => AsAdmin(new DeleteAnyMessageCommand(message.Id, new string('x', 501))), "reason");
    }

    [Fact]
    public async Task Deleting_any_room_removes_it_with_its_channels_and_tells_its_members()
    {
        var room = await Given.RoomAsync(_alice, "garden", isPublic: false, _bob);
        await Given.MessageAsync(room.General.Id, _bob);

        await AsAdmin(new DeleteAnyRoomCommand(room.Id, "spam"));

        (await Host.RowsAsync<Room>()).Should().BeEmpty();
        (await Host.RowsAsync<Conversation>()).Should().BeEmpty();
        (await Host.RowsAsync<Message>()).Should().BeEmpty();
        Host.Raised<RoomDeleted>().Should().ContainSingle().Which.MemberIds.Should().BeEquivalentTo([_alice.Id, _bob.Id]);
        (await Host.RowsAsync<AuditRecord>()).Should().ContainSingle(a => a.Action == AuditActions.RoomDelete && a.TargetId == room.Id.ToString() && a.Reason == "spam");
        await Refused<NotFoundException>(() => AsAdmin(new DeleteAnyRoomCommand(room.Id, null)), "not_found");
    }

    [Fact]
    public async Task Banning_from_any_room_removes_the_member_from_it_and_its_channels_but_never_bans_the_owner()
    {
        var room = await Given.RoomAsync(_alice, "garden", isPublic: true, _bob);

        await AsAdmin(new BanFromRoomCommand(room.Id, _bob.Id, "spam links"));

        (await Host.RowsAsync<RoomMember>()).Should().ContainSingle().Which.UserId.Should().Be(_alice.Id);
        (await Host.RowsAsync<ConversationParticipant>()).Should().NotContain(p => p.UserId == _bob.Id);
        var ban = (await Host.RowsAsync<RoomBan>()).Should().ContainSingle().Subject;
        (ban.UserId, ban.BannedById, ban.Reason).Should().Be((_bob.Id, _admin.Id, "spam links"));
        Host.Raised<MemberLeft>().Should().Equal(new MemberLeft(room.Id, _bob.Id, MemberLeaveReason.Banned));
        (await Host.RowsAsync<AuditRecord>()).Should().ContainSingle(a => a.Action == AuditActions.RoomBan && a.TargetId == _bob.Id.ToString() && a.Reason == $"room {room.Id}: spam links");

        // Again: nothing changes. The owner: refused. Unknown user or room: 404. Neither refusal is audited.
        await AsAdmin(new BanFromRoomCommand(room.Id, _bob.Id, null));
        (await Host.RowsAsync<RoomBan>()).Should().ContainSingle();
        await Refused<DomainException>(() => AsAdmin(new BanFromRoomCommand(room.Id, _alice.Id, null)), "role_too_low");
        await Refused<NotFoundException>(() => AsAdmin(new BanFromRoomCommand(room.Id, Guid.NewGuid(), null)), "not_found");
        await Refused<NotFoundException>(() => AsAdmin(new BanFromRoomCommand(Guid.NewGuid(), _bob.Id, null)), "not_found");
        (await Host.RowsAsync<AuditRecord>()).Should().HaveCount(2);
    }

    [Fact]
    public async Task Users_are_listed_by_username_with_search_and_pages()
    {
        await Given.UsersAsync("Zed", "zoe", "yann");

        var first = await AsAdmin(new GetUsersQuery("z", 1, null));
        var second = await AsAdmin(new GetUsersQuery("z", 1, first.NextCursor));

        first.Items.Select(u => u.Username).Concat(second.Items.Select(u => u.Username)).Should().Equal("Zed", "zoe");
        second.NextCursor.Should().BeNull();
        first.Items[0].CreatedAt.Should().Be(Host.Now);
        (await AsAdmin(new GetUsersQuery(null, null, null))).Items.Should().HaveCount(6);
        await Invalid(() => AsAdmin(new GetUsersQuery(null, 101, null)), "limit");
    }

    [Fact]
    public async Task The_audit_log_pages_newest_first_and_filters()
    {
        var direct = await Given.DirectAsync(_alice, _bob);
        var messages = new List<Message>();
        for (var i = 0; i < 3; i++)
        {
            messages.Add(await Given.MessageAsync(direct.Id, _bob));
            await AsAdmin(new DeleteAnyMessageCommand(messages[^1].Id, $"r{i}"));
        }

        var first = await AsAdmin(new GetAuditLogQuery(null, null, null, 2, null));
        var second = await AsAdmin(new GetAuditLogQuery(null, null, null, 2, first.NextCursor));

        first.Items.Concat(second.Items).Select(r => r.Reason).Should().Equal("r2", "r1", "r0");
        second.NextCursor.Should().BeNull();
        (await AsAdmin(new GetAuditLogQuery(AuditActions.MessageDelete, _admin.Id, messages[1].Id.ToString().ToUpperInvariant(), null, null)))
            .Items.Should().ContainSingle().Which.Reason.Should().Be("r1");
        (await AsAdmin(new GetAuditLogQuery(AuditActions.RoomBan, null, null, null, null))).Items.Should().BeEmpty();
        (await AsAdmin(new GetAuditLogQuery(null, _alice.Id, null, null, null))).Items.Should().BeEmpty();
    }
}
