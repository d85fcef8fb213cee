using Chat.Application.Common.Exceptions;
using Chat.Application.Features.Conversations;
using Chat.Application.Features.Conversations.GetConversation;
using Chat.Application.Features.Conversations.GetConversations;
using Chat.Application.Features.Conversations.GetUnread;
using Chat.Application.Features.Conversations.MarkConversationRead;
using Chat.Application.Features.Messages.Events;
using Chat.Application.Features.Messages.GetMessages;
using Chat.Application.Features.Messages.SendMessage;
using Chat.Application.Features.Rooms.JoinRoom;
using Chat.Application.Features.Rooms.KickRoomMember;
using Chat.Application.Features.Rooms.LeaveRoom;
using Chat.Application.Tests.Support;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms;
using Chat.Domain.Users;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Chat.Application.Tests.Rooms;

/// <summary>
/// Issue 11, "no per-member work per message" (docs/decisions/0012-no-per-member-work-per-message.md): a send and a
/// join cost the same in a large room as in a small one, and channel read state without a row per member keeps the
/// behaviour clients see — unread counts, markers, access and events.
/// </summary>
[Covers(typeof(JoinRoomCommandHandler), typeof(SendMessageCommandHandler), typeof(GetUnreadQueryHandler), typeof(MarkConversationReadCommandHandler))]
public sealed class ChannelReadStateTests : HandlerTest
{
    private readonly SqlWriteLog _writes = new();
    private User _owner = null!;
    private User _member = null!;
    private SeededRoom _room = null!;

    protected override void Configure(IServiceCollection services) =>
        services.ConfigureDbContext<ChatDbContext>(o => o.AddInterceptors(_writes));

    protected override async Task ArrangeAsync()
    {
        var users = await Given.UsersAsync("owner", "member");
        (_owner, _member) = (users[0], users[1]);
        _room = await Given.RoomAsync(_owner, "guild", true);
        await AddMembersAsync(_room, [_member]);
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_send_into_a_channel_of_1000_members_writes_the_same_statements_as_into_one_of_8_and_no_other_members_row()
    {
        var small = await Given.RoomAsync(_owner, "small", true);
        await AddMembersAsync(small, await NewUsersAsync("s", 7), withReadRows: true);
        var large = await Given.RoomAsync(_owner, "large", true);
        await AddMembersAsync(large, await NewUsersAsync("l", 999), withReadRows: true);
        await SendAs(_owner.Id, new SendMessageCommand(small.General.Id, "first: makes the sender's own row"));
        await SendAs(_owner.Id, new SendMessageCommand(large.General.Id, "first: makes the sender's own row"));
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        var before = await Host.RowsAsync<ConversationParticipant>();

        var intoSmall = await _writes.RecordAsync(() => SendAs(_owner.Id, new SendMessageCommand(small.General.Id, "hello")));
        var intoLarge = await _writes.RecordAsync(() => SendAs(_owner.Id, new SendMessageCommand(large.General.Id, "hello")));

        intoLarge.Should().NotBeEmpty().And.Equal(intoSmall, "a send's writes must not grow with the channel's members");
        intoLarge.Where(w => w.Table == "ConversationParticipants").Should().HaveCountLessThanOrEqualTo(2, "only the sender's own row: its lock, then its read marker");
        (await Host.RowsAsync<ConversationParticipant>()).Where(p => p.UserId != _owner.Id)
            .Should().BeEquivalentTo(before.Where(p => p.UserId != _owner.Id), "no other member's row is written");
        (await Host.RowsAsync<Conversation>()).Single(c => c.Id == large.General.Id).LastActivityAt.Should().Be(Host.Now);
    }

    [Fact]
    public async Task Joining_a_room_of_20_channels_writes_no_channel_row_and_the_same_statements_as_joining_a_room_of_one()
    {
        for (var i = 1; i < 20; i++)
        {
            var channel = await Given.ChannelAsync(_room, _owner, $"channel-{i}", position: i);
            await Given.MessageAsync(channel.Id, _owner, "before the join");
        }

        var single = await Given.RoomAsync(_owner, "single", true);
        var newcomer = await Given.UserAsync("newcomer");
        Host.Clock.Advance(TimeSpan.FromSeconds(1));

        var joinMany = await _writes.RecordAsync(() => SendAs(newcomer.Id, new JoinRoomCommand(_room.Id)));
        var joinOne = await _writes.RecordAsync(() => SendAs(newcomer.Id, new JoinRoomCommand(single.Id)));

        joinMany.Should().NotContain(w => w.Table == "ConversationParticipants").And.Equal(joinOne);
        (await Host.RowsAsync<ConversationParticipant>()).Should().NotContain(p => p.UserId == newcomer.Id);
        var channels = await SendAs(newcomer.Id, new GetConversationsQuery(ConversationKind.Channel, Limit: 50));
        channels.Items.Where(c => c.RoomId == _room.Id).Should().HaveCount(20)
            .And.OnlyContain(c => c.UnreadCount == 0 && c.LastReadSeq == c.LastSeq, "joining never makes history unread");
        (await SendAs(newcomer.Id, new GetUnreadQuery())).Total.Should().Be(0);
    }

    [Fact]
    public Task A_member_who_joined_after_5_messages_and_before_3_more_has_3_unread_on_sqlite() => JoinedBetweenAsync(Host, _owner, _room);

    [PostgresFact]
    public async Task A_member_who_joined_after_5_messages_and_before_3_more_has_3_unread_on_Postgres()
    {
        await using var host = await ApplicationTestHost.CreateAsync(provider: DatabaseProvider.Postgres);
        var owner = await host.Given.UserAsync("owner");
        var room = await host.Given.RoomAsync(owner, "guild", true);
        await JoinedBetweenAsync(host, owner, room);
    }

    [Fact]
    public Task A_member_who_never_read_counts_every_later_message_until_they_read_on_sqlite() => NeverReadAsync(Host, _owner, _member, _room);

    [PostgresFact]
    public async Task A_member_who_never_read_counts_every_later_message_until_they_read_on_Postgres()
    {
        await using var host = await ApplicationTestHost.CreateAsync(provider: DatabaseProvider.Postgres);
        var users = await host.Given.UsersAsync("owner", "member");
        var (owner, member) = (users[0], users[1]);
        var room = await host.Given.RoomAsync(owner, "guild", true);
        await host.Given.SaveAsync(async db =>
        {
            var loaded = await db.Set<Room>().AsTracking().Include(r => r.Members).SingleAsync(r => r.Id == room.Id);
            return loaded.AddMember(owner.Id, member.Id, host.Now);
        });
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await NeverReadAsync(host, owner, member, room);
    }

    [Fact]
    public async Task A_kicked_member_can_no_longer_read_write_mark_or_receive_the_channel()
    {
        var victim = await Given.UserAsync("victim");
        var general = _room.General.Id;
        await SendAs(victim.Id, new JoinRoomCommand(_room.Id));
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        await SendAs(_owner.Id, new SendMessageCommand(general, "one"));
        await SendAs(victim.Id, new MarkConversationReadCommand(general, Seq: 1));
        (await Host.RowsAsync<ConversationParticipant>()).Should().ContainSingle(p => p.UserId == victim.Id && p.LastReadSeq == 1, "reading made the row");

        await SendAs(_owner.Id, new KickRoomMemberCommand(_room.Id, victim.Id));
        Host.ClearObservations();

        await Refused<ForbiddenException>(() => SendAs(victim.Id, new GetMessagesQuery(general)), "not_a_participant");
        await Refused<ForbiddenException>(() => SendAs(victim.Id, new GetConversationQuery(general)), "not_a_participant");
        await Refused<ForbiddenException>(() => SendAs(victim.Id, new SendMessageCommand(general, "still here?")), "not_a_participant");
        await Refused<ForbiddenException>(() => SendAs(victim.Id, new MarkConversationReadCommand(general, Seq: 1)), "not_a_participant");
        (await SendAs(victim.Id, new GetUnreadQuery())).Total.Should().Be(0);
        (await SendAs(victim.Id, new GetConversationsQuery(ConversationKind.Channel))).Items.Should().BeEmpty();
        (await Host.RowsAsync<ConversationParticipant>()).Should().NotContain(p => p.UserId == victim.Id);

        await SendAs(_owner.Id, new SendMessageCommand(general, "after the kick"));
        var recipients = Host.Notifier.ReceivedCalls()
            .Where(c => c.GetArguments()[1] is NewMessageEvent)
            .SelectMany(c => (IReadOnlyCollection<Guid>)c.GetArguments()[0]!)
            .ToList();
        recipients.Should().Contain(_member.Id).And.NotContain(victim.Id);
    }

    [Fact]
    public async Task Leaving_and_joining_again_starts_from_the_new_join_point_with_nothing_unread()
    {
        var general = _room.General.Id;
        await SendAs(_owner.Id, new SendMessageCommand(general, "one"));
        await SendAs(_member.Id, new MarkConversationReadCommand(general, Seq: 1));
        await SendAs(_member.Id, new LeaveRoomCommand(_room.Id));
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        await SendAs(_owner.Id, new SendMessageCommand(general, "two"));
        await SendAs(_owner.Id, new SendMessageCommand(general, "three"));
        Host.Clock.Advance(TimeSpan.FromSeconds(1));

        await SendAs(_member.Id, new JoinRoomCommand(_room.Id));

        var channel = await SendAs(_member.Id, new GetConversationQuery(general));
        (channel.LastReadSeq, channel.UnreadCount).Should().Be((3, 0));
    }

    [Fact]
    public async Task A_read_row_left_from_an_earlier_membership_is_renewed_at_the_new_join_point()
    {
        var general = _room.General.Id;
        await SendAs(_owner.Id, new SendMessageCommand(general, "one"));
        await SendAs(_member.Id, new MarkConversationReadCommand(general, Seq: 1));
        var stale = (await Host.RowsAsync<ConversationParticipant>()).Single(p => p.UserId == _member.Id);
        await SendAs(_member.Id, new LeaveRoomCommand(_room.Id));
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        await SendAs(_owner.Id, new SendMessageCommand(general, "two"));
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        await SendAs(_member.Id, new JoinRoomCommand(_room.Id));
        // A send that raced the leave could leave the old row behind: put it back as such a race would.
        await Host.WithDbAsync(async db =>
        {
            db.Add(stale);
            return await db.SaveChangesAsync();
        });
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        await SendAs(_owner.Id, new SendMessageCommand(general, "three"));

        var before = await SendAs(_member.Id, new GetConversationQuery(general));
        await SendAs(_member.Id, new MarkConversationReadCommand(general, Seq: 1));
        var afterAnOldMark = await SendAs(_member.Id, new GetConversationQuery(general));
        await SendAs(_member.Id, new MarkConversationReadCommand(general, Seq: 3));

        (before.LastReadSeq, before.UnreadCount).Should().Be((2, 1), "the old row is older than the membership: the join point counts");
        (afterAnOldMark.LastReadSeq, afterAnOldMark.UnreadCount).Should().Be((2, 1), "a mark behind the join point moves nothing");
        var renewed = (await Host.RowsAsync<ConversationParticipant>()).Single(p => p.UserId == _member.Id);
        var membership = (await Host.RowsAsync<RoomMember>()).Single(m => m.UserId == _member.Id && m.RoomId == _room.Id);
        (renewed.LastReadSeq, renewed.JoinedAt).Should().Be((3, membership.JoinedAt));
        (await SendAs(_member.Id, new GetUnreadQuery())).Total.Should().Be(0);
    }

    private static async Task JoinedBetweenAsync(ApplicationTestHost host, User owner, SeededRoom room)
    {
        var general = room.General.Id;
        var newcomer = await host.Given.UserAsync("newcomer");
        for (var i = 1; i <= 5; i++)
        {
            await host.As(owner.Id).SendAsync(new SendMessageCommand(general, $"before {i}"));
            host.Clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        await host.As(newcomer.Id).SendAsync(new JoinRoomCommand(room.Id));
        host.Clock.Advance(TimeSpan.FromMilliseconds(10));
        for (var i = 1; i <= 3; i++)
        {
            await host.As(owner.Id).SendAsync(new SendMessageCommand(general, $"after {i}"));
            host.Clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        var unread = await host.As(newcomer.Id).SendAsync(new GetUnreadQuery());
        unread.Total.Should().Be(3);
        unread.Conversations.Should().Equal(new UnreadConversationDto(general, 3));
        var channel = await host.As(newcomer.Id).SendAsync(new GetConversationQuery(general));
        (channel.LastReadSeq, channel.UnreadCount).Should().Be((5, 3));
        (await host.RowsAsync<ConversationParticipant>()).Should().NotContain(p => p.UserId == newcomer.Id, "reading counts and lists makes no row");

        await host.As(newcomer.Id).SendAsync(new MarkConversationReadCommand(general, Seq: 6));

        (await host.RowsAsync<ConversationParticipant>()).Should().ContainSingle(p => p.UserId == newcomer.Id).Which.LastReadSeq.Should().Be(6);
        (await host.As(newcomer.Id).SendAsync(new GetUnreadQuery())).Total.Should().Be(2);
    }

    private static async Task NeverReadAsync(ApplicationTestHost host, User owner, User member, SeededRoom room)
    {
        var general = room.General.Id;
        for (var i = 1; i <= 4; i++)
        {
            await host.As(owner.Id).SendAsync(new SendMessageCommand(general, $"later {i}"));
        }

        (await host.As(member.Id).SendAsync(new GetUnreadQuery())).Conversations.Should().Equal(new UnreadConversationDto(general, 4));
        var listed = (await host.As(member.Id).SendAsync(new GetConversationsQuery(ConversationKind.Channel))).Items.Should().ContainSingle().Subject;
        (listed.LastReadSeq, listed.UnreadCount).Should().Be((0, 4));

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await host.As(owner.Id).SendAsync(new SendMessageCommand(general, "and one more"));
        (await host.As(member.Id).SendAsync(new GetUnreadQuery())).Total.Should().Be(5);

        await host.As(member.Id).SendAsync(new MarkConversationReadCommand(general, Seq: 2));
        (await host.As(member.Id).SendAsync(new GetUnreadQuery())).Total.Should().Be(3);
        (await host.As(member.Id).SendAsync(new GetMessagesQuery(general))).Items.Should().HaveCount(5);
        (await host.As(member.Id).SendAsync(new GetConversationQuery(general))).UnreadCount.Should().Be(3, "reading history marks delivery, not reading");
    }

    private async Task<List<User>> NewUsersAsync(string prefix, int count) =>
        await Given.SaveAsync(db =>
        {
            var users = Enumerable.Range(0, count).Select(i => User.Register($"{prefix}user{i}", null, "hash", Host.Now)).ToList();
            db.Set<User>().AddRange(users);
            return Task.FromResult(users);
        });

    /// <summary>
    /// Adds members the way a join does now (a membership row only); <paramref name="withReadRows"/> also gives each a
    /// read row in <c>general</c>, as members who have read there have — the rows an old send rewrote one by one.
    /// </summary>
    private Task AddMembersAsync(SeededRoom room, IEnumerable<User> users, bool withReadRows = false) =>
        Given.SaveAsync(async db =>
        {
            var loaded = await db.Set<Room>().AsTracking().Include(r => r.Members).SingleAsync(r => r.Id == room.Id);
            var general = await db.Set<Conversation>().AsTracking().SingleAsync(c => c.Id == room.General.Id);
            foreach (var user in users)
            {
                var member = loaded.AddMember(room.Room.OwnerId, user.Id, Host.Now);
                if (withReadRows)
                {
                    general.AdmitRoomMember(user.Id, member.JoinedAt);
                }
            }

            return true;
        });
}
