using Chat.Application.Common.Behaviours;
using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Auth.Login;
using Chat.Application.Features.Messages.SendDirectMessage;
using Chat.Application.Features.Messages.SendMessage;
using Chat.Application.Tests.Support;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Chat.Domain.Users;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Chat.Application.Tests.Messages;

/// <summary>Sending to a person: the direct conversation is opened once (or reused) under its rules, then the send's rules apply.</summary>
[Covers(typeof(SendDirectMessageCommandHandler))]
public sealed class SendDirectMessageTests : HandlerTest
{
    private User _alice = null!;
    private User _bob = null!;
    private User _carol = null!;

    protected override async Task ArrangeAsync()
    {
        (_alice, _bob, _carol) = (await Given.UserAsync("alice"), await Given.UserAsync("bob"), await Given.UserAsync("carol"));
        await Given.FriendsAsync(_alice, _bob);
    }

    [Fact]
    public async Task The_first_send_opens_the_direct_conversation_and_later_ones_and_retries_reuse_it()
    {
        var first = await SendAs(_alice.Id, new SendDirectMessageCommand(_bob.Id, "hi bob", "c-1"));
        var retry = await SendAs(_alice.Id, new SendDirectMessageCommand(_bob.Id, "hi bob", "c-1"));
        var back = await SendAs(_bob.Id, new SendDirectMessageCommand(_alice.Id, "hi alice"));

        first.Created.Should().BeTrue();
        retry.Created.Should().BeFalse();
        retry.Message.Id.Should().Be(first.Message.Id);
        back.Message.ConversationId.Should().Be(first.Message.ConversationId);
        back.Message.Seq.Should().Be(2);
        (await Host.RowsAsync<Conversation>()).Should().ContainSingle().Which.Kind.Should().Be(ConversationKind.Direct);
        (await Host.RowsAsync<Message>()).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_stranger_a_block_yourself_and_an_empty_message_are_refused_and_open_nothing()
    {
        await Refused<ForbiddenException>(() => SendAs(_alice.Id, new SendDirectMessageCommand(_carol.Id, "hi")), "not_friends");
        await Given.BlockAsync(_bob, _alice);
        await Refused<ForbiddenException>(() => SendAs(_alice.Id, new SendDirectMessageCommand(_bob.Id, "hi")), "blocked");
        await Refused<BadRequestException>(() => SendAs(_alice.Id, new SendDirectMessageCommand(_alice.Id, "hi")), "cannot_message_self");
        await Invalid(() => SendAs(_carol.Id, new SendDirectMessageCommand(_alice.Id, "   ")), "content");

        (await Host.RowsAsync<Conversation>()).Should().BeEmpty();
        (await Host.RowsAsync<Message>()).Should().BeEmpty();
    }
}

/// <summary>The metrics behaviour: a send's duration, and refused logins counted (on the statistics port).</summary>
public sealed class MetricsBehaviourTests
{
    [Fact]
    public async Task A_send_records_its_duration_and_a_refused_login_counts_one_auth_failure()
    {
        var statistics = Substitute.For<IRealtimeStatistics>();
        var clock = new FakeTimeProvider();
        var send = new MetricsBehaviour<SendMessageCommand, string>(statistics, clock);

        await send.Handle(new SendMessageCommand(Guid.NewGuid(), "x"), default, () =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(40));
            return Task.FromResult("stored");
        });

        statistics.Received(1).MessageSendTook(TimeSpan.FromMilliseconds(40));
        var login = new MetricsBehaviour<LoginCommand, string>(statistics, clock);
        var refused = () => login.Handle(new LoginCommand("alice", "wrong"), default, () => throw new UnauthorizedException("Wrong username or password.", "invalid_credentials"));
        await refused.Should().ThrowAsync<UnauthorizedException>();
        statistics.Received(1).AuthFailed("login");
        statistics.DidNotReceive().MessageSendTook(TimeSpan.Zero);
    }
}
