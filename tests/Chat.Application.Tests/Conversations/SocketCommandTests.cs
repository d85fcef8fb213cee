using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Conversations;
using Chat.Application.Features.Conversations.CreateDirectConversation;
using Chat.Application.Features.Conversations.CreateGroupConversation;
using Chat.Application.Features.Conversations.MarkConversationRead;
using Chat.Application.Features.Conversations.MarkDelivered;
using Chat.Application.Features.Conversations.Events;
using Chat.Application.Features.Messages.Events;
using Chat.Application.Features.Messages.SendMessage;
using Chat.Application.Tests.Support;
using Chat.Domain.Users;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Chat.Application.Tests.Conversations;

/// <summary>
/// Commands as the WebSocket sends them (straight through MediatR, with the socket's session on the caller): the same
/// authorization as REST, and events that skip the socket the command came from.
/// </summary>
public sealed class SocketCommandTests : IAsyncLifetime
{
    private readonly IRealtimeNotifier _notifier = Substitute.For<IRealtimeNotifier>();
    private readonly IFriendshipQueries _friendships = Substitute.For<IFriendshipQueries>();
    private readonly Guid _socket = Guid.NewGuid();
    private ApplicationTestHost _host = null!;
    private Guid _alice;
    private Guid _bob;
    private Guid _eve;

    public async Task InitializeAsync()
    {
        _host = await ApplicationTestHost.CreateAsync(services =>
        {
            services.AddSingleton(_notifier);
            services.AddSingleton(_friendships);
            services.AddSingleton(new DirectMessageOptions());
        });
        (_alice, _bob, _eve) = await _host.WithDbAsync(async db =>
        {
            var users = new[] { "alice", "bob", "eve" }.Select(name => User.Register(name, null, "hash", DateTime.UtcNow)).ToArray();
            db.Set<User>().AddRange(users);
            await db.SaveChangesAsync();
            return (users[0].Id, users[1].Id, users[2].Id);
        });
        _friendships.FriendIdsAsync(_alice, Arg.Any<CancellationToken>()).Returns([_bob]);
        _friendships.FriendIdsAsync(_bob, Arg.Any<CancellationToken>()).Returns([_alice]);
        _host.Caller.SocketSessionId.Returns(_socket);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_new_message_reaches_every_participant_but_not_the_socket_that_sent_it()
    {
        var conversation = await AsAsync(_alice, new CreateDirectConversationCommand(_bob));
        _notifier.ClearReceivedCalls();

        var sent = await AsAsync(_alice, new SendMessageCommand(conversation.Conversation.Id, "over the socket", "ws-1"));

        sent.Created.Should().BeTrue();
        await _notifier.Received(1).NotifyUsersAsync(
            Arg.Is<IReadOnlyCollection<Guid>>(ids => ids.SequenceEqual(new[] { _alice })),
            Arg.Is<NewMessageEvent>(e => e.Message.Id == sent.Message.Id && e.Type == "new_message"),
            _socket,
            Arg.Any<CancellationToken>());
        await _notifier.Received(1).NotifyUsersAsync(
            Arg.Is<IReadOnlyCollection<Guid>>(ids => ids.SequenceEqual(new[] { _bob })),
            Arg.Is<NewMessageEvent>(e => e.Message.Id == sent.Message.Id && e.Message.Status == null),
            _socket,
            Arg.Any<CancellationToken>());

        var retried = await AsAsync(_alice, new SendMessageCommand(conversation.Conversation.Id, "over the socket", "ws-1"));
        retried.Created.Should().BeFalse();
        retried.Message.Id.Should().Be(sent.Message.Id);
        await _notifier.Received(2).NotifyUsersAsync(Arg.Any<IReadOnlyCollection<Guid>>(), Arg.Any<NewMessageEvent>(), Arg.Any<Guid?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_socket_command_on_someone_elses_conversation_is_refused_like_over_rest()
    {
        var conversation = await AsAsync(_alice, new CreateDirectConversationCommand(_bob));

        var send = () => AsAsync(_eve, new SendMessageCommand(conversation.Conversation.Id, "let me in"));
        var read = () => AsAsync(_eve, new MarkConversationReadCommand(conversation.Conversation.Id, 1));
        var missing = () => AsAsync(_eve, new MarkDeliveredCommand(Guid.NewGuid(), 1));

        (await send.Should().ThrowAsync<ForbiddenException>()).Which.Code.Should().Be("not_a_participant");
        (await read.Should().ThrowAsync<ForbiddenException>()).Which.Code.Should().Be("not_a_participant");
        await missing.Should().ThrowAsync<NotFoundException>();
    }

    [Fact]
    public async Task Delivery_over_the_socket_tells_the_sender_in_a_direct_conversation_and_reading_tells_everyone_else()
    {
        var conversation = (await AsAsync(_alice, new CreateDirectConversationCommand(_bob))).Conversation;
        await AsAsync(_alice, new SendMessageCommand(conversation.Id, "one"));
        await AsAsync(_alice, new SendMessageCommand(conversation.Id, "two"));

        await AsAsync(_bob, new MarkDeliveredCommand(conversation.Id, 2));
        await AsAsync(_bob, new MarkDeliveredCommand(conversation.Id, 1));
        await AsAsync(_bob, new MarkConversationReadCommand(conversation.Id, 2));

        await _notifier.Received(1).NotifyUsersAsync(
            Arg.Is<IReadOnlyCollection<Guid>>(ids => ids.SequenceEqual(new[] { _alice })),
            new MessageDeliveredEvent(conversation.Id, _bob, 2),
            Arg.Any<Guid?>(),
            Arg.Any<CancellationToken>());
        await _notifier.Received(1).NotifyUsersAsync(
            Arg.Is<IReadOnlyCollection<Guid>>(ids => ids.Count == 2 && ids.Contains(_alice) && ids.Contains(_bob)),
            new MessageReadEvent(conversation.Id, _bob, 2),
            _socket,
            Arg.Any<CancellationToken>());
        await _notifier.DidNotReceive().NotifyUsersAsync(Arg.Any<IReadOnlyCollection<Guid>>(), new MessageDeliveredEvent(conversation.Id, _bob, 1), Arg.Any<Guid?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Membership_answers_who_may_read_and_what_each_user_takes_part_in()
    {
        var direct = (await AsAsync(_alice, new CreateDirectConversationCommand(_bob))).Conversation;
        var group = await AsAsync(_alice, new CreateGroupConversationCommand("team", [_bob]));
        await _host.WithDbAsync(async db =>
        {
            IConversationMembership membership = new ConversationMembership(db);
            (await membership.ParticipantIdsAsync(group.Id, default)).Should().BeEquivalentTo([_alice, _bob]);
            (await membership.ConversationIdsOfAsync(_bob, default)).Should().BeEquivalentTo([direct.Id, group.Id]);
            (await membership.CanReadAsync(_eve, direct.Id, default)).Should().BeFalse();
            (await membership.CanReadAsync(_alice, direct.Id, default)).Should().BeTrue();
            (await membership.AccessAsync(_eve, Guid.NewGuid(), default)).Should().Be(ConversationAccess.Missing);
            (await membership.AccessAsync(_eve, group.Id, default)).Should().Be(ConversationAccess.Denied);
            (await membership.AccessAsync(_bob, group.Id, default)).Should().Be(ConversationAccess.Granted);
            return true;
        });
        await _notifier.Received(2).NotifyUsersAsync(Arg.Any<IReadOnlyCollection<Guid>>(), Arg.Is<ConversationCreatedEvent>(e => e.Conversation.Id == group.Id), null, Arg.Any<CancellationToken>());
    }

    private Task<T> AsAsync<T>(Guid userId, MediatR.IRequest<T> request)
    {
        _host.Caller.UserId.Returns(userId);
        return _host.SendAsync(request);
    }
}
