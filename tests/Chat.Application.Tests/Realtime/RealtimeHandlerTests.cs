using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Admin.GetServerStats;
using Chat.Application.Features.Messages.SendMessage;
using Chat.Application.Features.Realtime;
using Chat.Application.Features.Realtime.IssueTicket;
using Chat.Application.Features.Realtime.MessageRate;
using Chat.Application.Features.Realtime.PublishPresence;
using Chat.Application.Features.Realtime.SendTyping;
using Chat.Application.Tests.Support;
using Chat.Domain.Users;
using NSubstitute;

namespace Chat.Application.Tests.Realtime;

/// <summary>The socket's own commands (ticket, typing, presence), the message-rate counter, and the operators' statistics.</summary>
[Covers(typeof(IssueRealtimeTicketCommandHandler), typeof(SendTypingCommandHandler), typeof(PublishPresenceCommandHandler))]
[Covers(typeof(MessageRateHandler), typeof(GetServerStatsQueryHandler))]
public sealed class RealtimeHandlerTests : HandlerTest
{
    private User _alice = null!;
    private User _bob = null!;
    private User _carol = null!;

    protected override async Task ArrangeAsync()
    {
        var users = await Given.UsersAsync("alice", "bob", "carol");
        (_alice, _bob, _carol) = (users[0], users[1], users[2]);
        Host.Service<IPresenceTracker>().OnlineAmong(Arg.Any<IEnumerable<Guid>>()).Returns(call => call.Arg<IEnumerable<Guid>>().ToList());
    }

    [Fact]
    public async Task A_ticket_is_issued_for_the_caller_with_its_lifetime()
    {
        var tickets = Host.Service<IRealtimeTickets>();
        tickets.Issue(Arg.Is<RealtimeTicketGrant>(g => g.UserId == _alice.Id && g.IsAdmin)).Returns("t-1");
        tickets.LifetimeSeconds.Returns(30);

        // The caller signed in with a token (hardening: a ticket carries the token's session and expiry).
        Host.Caller.SessionId.Returns(Guid.NewGuid());
        Host.Caller.CredentialsExpireAt.Returns(Host.Now.AddMinutes(15));
        var ticket = await Host.As(_alice.Id, isAdmin: true).SendAsync(new IssueRealtimeTicketCommand());

        ticket.Should().Be(new RealtimeTicketDto("t-1", 30));
    }

    [Fact]
    public async Task Typing_goes_to_online_participants_the_typist_has_no_block_with()
    {
        var group = await Given.GroupAsync(_alice, "team", _bob, _carol);
        await Given.BlockAsync(_carol, _alice);

        await SendAs(_alice.Id, new SendTypingCommand(group.Id, true));

        Host.Published<TypingEvent>().Should().Equal(new TypingEvent(group.Id, _alice.Id, true));
        await Host.Notifier.Received(1).NotifyUsersAsync(
            Arg.Is<IReadOnlyCollection<Guid>>(ids => ids.SequenceEqual(new[] { _bob.Id })), Arg.Any<TypingEvent>(), Arg.Any<Guid?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Typing_with_nobody_online_sends_nothing_and_is_checked()
    {
        var direct = await Given.DirectAsync(_alice, _bob);
        Host.Service<IPresenceTracker>().OnlineAmong(Arg.Any<IEnumerable<Guid>>()).Returns([]);

        await SendAs(_alice.Id, new SendTypingCommand(direct.Id, false));

        Host.Notifier.ReceivedCalls().Should().BeEmpty();
        await Invalid(() => SendAs(_alice.Id, new SendTypingCommand(direct.Id, null)), "isTyping");
        await Refused<ForbiddenException>(() => SendAs(_carol.Id, new SendTypingCommand(direct.Id, true)), "not_a_participant");
    }

    [Fact]
    public async Task Going_offline_stores_last_seen_and_tells_friends()
    {
        await Given.FriendsAsync(_alice, _bob);

        await Host.SendAsync(new PublishPresenceCommand(_alice.Id, IsOnline: false));
        await Host.SendAsync(new PublishPresenceCommand(_bob.Id, IsOnline: true));
        await Host.SendAsync(new PublishPresenceCommand(Guid.NewGuid(), IsOnline: false));

        (await Host.RowsAsync<User>()).Single(u => u.Id == _alice.Id).LastSeenAt.Should().Be(Host.Now);
        (await Host.RowsAsync<User>()).Single(u => u.Id == _bob.Id).LastSeenAt.Should().BeNull();
        Host.Published<PresenceEvent>().Should().Equal(new PresenceEvent(_alice.Id, false, Host.Now), new PresenceEvent(_bob.Id, true, null));
    }

    [Fact]
    public async Task Each_stored_message_is_counted_once_and_retries_are_not()
    {
        var direct = await Given.DirectAsync(_alice, _bob);
        var statistics = Host.Service<IRealtimeStatistics>();

        await SendAs(_alice.Id, new SendMessageCommand(direct.Id, "one", "c-1"));
        await SendAs(_alice.Id, new SendMessageCommand(direct.Id, "one", "c-1"));

        statistics.Received(1).MessageStored();
    }

    [Fact]
    public async Task Server_statistics_are_for_admins_only()
    {
        Host.Service<IRealtimeStatistics>().Snapshot().Returns(new RealtimeStatistics(3, 2, 1.5, "node-a"));

        var stats = await Host.As(_alice.Id, isAdmin: true).SendAsync(new GetServerStatsQuery());

        stats.Should().Be(new ServerStatsDto(3, 2, 1.5, "node-a"));
        await Refused<ForbiddenException>(() => SendAs(_bob.Id, new GetServerStatsQuery()), "forbidden");
    }
}
