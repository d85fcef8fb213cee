using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Messages.Events;
using Chat.Application.Features.Messages.SendMessage;
using Chat.Application.Features.Retention;
using Chat.Application.Tests.Support;
using Chat.Domain.Common;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Chat.Domain.Messages.Events;
using Chat.Domain.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace Chat.Application.Tests.Messages;

/// <summary>
/// The send path: the block check, the participant check, idempotency on the client message id and seq assignment,
/// plus what a send writes (message row, read marker, activity copies) and raises (<c>MessageSent</c>, <c>new_message</c>).
/// </summary>
[Covers(typeof(SendMessageCommandHandler), typeof(MessageSentHandler))]
public sealed class SendMessageTests : HandlerTest
{
    private User _alice = null!;
    private User _bob = null!;
    private User _carol = null!;
    private Conversation _direct = null!;

    protected override async Task ArrangeAsync()
    {
        (_alice, _bob, _carol) = await ThreeUsersAsync();
        _direct = await Given.DirectAsync(_alice, _bob);
    }

    // ---- success: rows, seq, events --------------------------------------------------------------------------------

    [Fact]
    public async Task A_send_stores_the_message_with_the_next_seq_and_version_and_answers_created()
    {
        Host.Clock.Advance(TimeSpan.FromMinutes(5));

        var result = await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "  hello bob  ", "c-1"));

        result.Created.Should().BeTrue();
        result.Message.Content.Should().Be("hello bob");
        result.Message.Seq.Should().Be(1);
        result.Message.Version.Should().Be(1);
        result.Message.ClientMessageId.Should().Be("c-1");
        result.Message.Sender!.Id.Should().Be(_alice.Id);
        result.Message.CreatedAt.Should().Be(Host.Now);
        var row = (await Host.RowsAsync<Message>()).Should().ContainSingle().Subject;
        row.Id.Should().Be(result.Message.Id);
        row.SenderId.Should().Be(_alice.Id);
        row.ConversationId.Should().Be(_direct.Id);
        row.Seq.Should().Be(1);
        row.ClientMessageId.Should().Be("c-1");
        var conversation = (await Host.RowsAsync<Conversation>()).Single();
        conversation.LastSeq.Should().Be(1);
        conversation.Version.Should().Be(1);
        conversation.LastActivityAt.Should().Be(Host.Now);
    }

    [Fact]
    public async Task Seqs_follow_on_from_the_stored_messages_with_no_gap()
    {
        await Given.MessageAsync(_direct.Id, _bob, "one");
        await Given.MessageAsync(_direct.Id, _alice, "two");

        var third = await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "three"));
        var fourth = await SendAs(_bob.Id, new SendMessageCommand(_direct.Id, "four"));

        third.Message.Seq.Should().Be(3);
        fourth.Message.Seq.Should().Be(4);
        fourth.Message.Version.Should().Be(4);
        (await Host.RowsAsync<Message>()).Select(m => m.Seq).Order().Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public async Task Concurrent_sends_to_one_conversation_take_distinct_consecutive_seqs()
    {
        var sends = Enumerable.Range(0, 8)
            .Select(i => Host.As(i % 2 == 0 ? _alice.Id : _bob.Id).SendAsync(new SendMessageCommand(_direct.Id, $"m{i}")))
            .ToList();
        await Task.WhenAll(sends);

        var rows = await Host.RowsAsync<Message>();
        rows.Select(m => m.Seq).Order().Should().Equal(1, 2, 3, 4, 5, 6, 7, 8);
        rows.Select(m => m.Version).Order().Should().Equal(1, 2, 3, 4, 5, 6, 7, 8);
        (await Host.RowsAsync<Conversation>()).Single().LastSeq.Should().Be(8);
    }

    [Fact]
    public async Task Seqs_are_per_conversation()
    {
        var group = await Given.GroupAsync(_alice, "team", _bob);
        await Given.MessageAsync(_direct.Id, _alice, "one");
        await Given.MessageAsync(_direct.Id, _alice, "two");

        var first = await SendAs(_alice.Id, new SendMessageCommand(group.Id, "first in the group"));

        first.Message.Seq.Should().Be(1);
        first.Message.Version.Should().Be(1);
    }

    [Fact]
    public async Task The_senders_read_marker_moves_to_the_new_seq_and_the_others_stay()
    {
        await Given.MessageAsync(_direct.Id, _bob, "one");

        await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "two"));

        var participants = await Host.RowsAsync<ConversationParticipant>();
        participants.Single(p => p.UserId == _alice.Id).LastReadSeq.Should().Be(2);
        participants.Single(p => p.UserId == _bob.Id).LastReadSeq.Should().Be(1);
    }

    [Fact]
    public async Task A_send_moves_its_conversations_activity_time_and_no_other_one_and_writes_no_participant_row_but_the_senders()
    {
        var other = await Given.DirectAsync(_alice, _carol);
        Host.Clock.Advance(TimeSpan.FromHours(1));
        var before = await Host.RowsAsync<ConversationParticipant>();

        await SendAs(_bob.Id, new SendMessageCommand(_direct.Id, "later"));

        var conversations = await Host.RowsAsync<Conversation>();
        conversations.Single(c => c.Id == _direct.Id).LastActivityAt.Should().Be(Host.Now);
        conversations.Single(c => c.Id == other.Id).LastActivityAt.Should().Be(ApplicationTestHost.Start.UtcDateTime);
        (await Host.RowsAsync<ConversationParticipant>()).Where(p => p.UserId != _bob.Id)
            .Should().BeEquivalentTo(before.Where(p => p.UserId != _bob.Id), "the list order comes from the conversation row, not from a copy per participant");
    }

    [Fact]
    public async Task A_send_raises_MessageSent_with_its_seq_and_version()
    {
        await Given.MessageAsync(_direct.Id, _bob, "one");

        var result = await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "two"));

        Host.Raised<MessageSent>().Should().Equal(new MessageSent(_direct.Id, result.Message.Id, _alice.Id, 2, 2, 0));
    }

    [Fact]
    public async Task New_message_goes_out_with_a_delivery_receipt_in_a_direct_conversation_skipping_the_sending_socket()
    {
        var socket = Guid.NewGuid();

        var result = await Host.As(_alice.Id, socketSessionId: socket).SendAsync(new SendMessageCommand(_direct.Id, "hi"));

        var pushed = Host.Published<NewMessageEvent>();
        pushed.Should().NotBeEmpty().And.OnlyContain(e => e.Message.Id == result.Message.Id && e.Message.Content == "hi" && e.Type == "new_message");
        pushed.Should().OnlyContain(e => e.Receipt == new DeliveryReceipt(_direct.Id, 1, _alice.Id));
        await Host.Notifier.Received().NotifyUsersAsync(Arg.Any<IReadOnlyCollection<Guid>>(), Arg.Any<NewMessageEvent>(), socket, Arg.Any<CancellationToken>());
        await Host.Notifier.DidNotReceive().NotifyUsersAsync(Arg.Any<IReadOnlyCollection<Guid>>(), Arg.Any<NewMessageEvent>(), Arg.Is<Guid?>(s => s != socket), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task New_message_in_a_group_carries_no_delivery_receipt()
    {
        var group = await Given.GroupAsync(_alice, "team", _bob, _carol);

        var result = await SendAs(_alice.Id, new SendMessageCommand(group.Id, "hi all"));

        Host.Published<NewMessageEvent>().Should().NotBeEmpty().And.OnlyContain(e => e.Message.Id == result.Message.Id && e.Receipt == null);
    }

    [Fact]
    public async Task Mentions_resolve_to_participants_only()
    {
        var group = await Given.GroupAsync(_alice, "team", _bob);

        var result = await SendAs(_alice.Id, new SendMessageCommand(group.Id, "@bob and @carol look"));

        result.Message.Mentions.Should().Equal(_bob.Id);
        (await Host.RowsAsync<MessageMention>()).Select(m => m.UserId).Should().Equal(_bob.Id);
    }

    [Fact]
    public async Task A_user_who_blocked_the_author_is_not_mentioned_while_other_blocks_change_nothing()
    {
        var dave = await Given.UserAsync("dave");
        var group = await Given.GroupAsync(_alice, "team", _bob, _carol, dave);
        await Given.BlockAsync(_carol, _alice);
        // Blocks that are not "the mentioned user blocked the author": bob blocked someone else, dave was blocked by bob.
        await Given.BlockAsync(_bob, dave);

        var result = await SendAs(_alice.Id, new SendMessageCommand(group.Id, "@bob @carol @dave look"));

        result.Message.Mentions.Should().Equal(_bob.Id, dave.Id);
        (await Host.RowsAsync<MessageMention>()).Select(m => m.UserId).Should().BeEquivalentTo([_bob.Id, dave.Id]);
    }

    // ---- replies ------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_reply_to_a_reply_joins_the_root_thread_and_counts_on_the_root()
    {
        var root = await Given.MessageAsync(_direct.Id, _bob, "root");
        var reply = await Given.MessageAsync(_direct.Id, _alice, "reply", replyToId: root.Id);

        var result = await SendAs(_bob.Id, new SendMessageCommand(_direct.Id, "reply to reply", ReplyToId: reply.Id));

        result.Message.ReplyToId.Should().Be(reply.Id);
        result.Message.ThreadRootId.Should().Be(root.Id);
        (await Host.RowsAsync<Message>()).Single(m => m.Id == root.Id).ReplyCount.Should().Be(2);
    }

    [Fact]
    public async Task A_reply_to_a_message_of_another_conversation_is_invalid_and_stores_nothing()
    {
        var group = await Given.GroupAsync(_alice, "team", _bob);
        var elsewhere = await Given.MessageAsync(group.Id, _bob, "there");

        var errors = await Invalid(() => SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "here", ReplyToId: elsewhere.Id)), "replyToId");

        errors.Errors["replyToId"].Should().Equal("The message replied to must be a message of this conversation.");
        (await Host.RowsAsync<Message>()).Should().ContainSingle();
    }

    [Fact]
    public async Task A_reply_into_a_thread_whose_root_retention_deleted_is_not_found_and_stores_nothing()
    {
        var root = await Given.MessageAsync(_direct.Id, _bob, "root");
        Host.Clock.Advance(TimeSpan.FromDays(2));
        var reply = await Given.MessageAsync(_direct.Id, _alice, "reply", replyToId: root.Id);
        await Host.WithDbAsync(db => new MessageRetention(db, NullLogger<MessageRetention>.Instance)
            .SweepAsync(Host.Now.AddDays(-1), batchSize: 10, TimeSpan.Zero, CancellationToken.None));

        var refusal = await Refused<NotFoundException>(
            () => SendAs(_bob.Id, new SendMessageCommand(_direct.Id, "still there?", ReplyToId: reply.Id)), "not_found");

        refusal.Message.Should().Be($"There is no message {root.Id} (any more).");
        (await Host.RowsAsync<Message>()).Select(m => m.Id).Should().Equal(reply.Id);
        (await Host.RowsAsync<Conversation>()).Single().LastSeq.Should().Be(2);
    }

    [Fact]
    public async Task A_reply_to_an_unknown_message_is_invalid()
    {
        await Invalid(() => SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "here", ReplyToId: Guid.NewGuid())), "replyToId");
    }

    // ---- block check --------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Sending_to_a_user_you_blocked_is_refused_and_stores_nothing()
    {
        await Given.BlockAsync(_alice, _bob);

        var refusal = await Refused<ForbiddenException>(() => SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "hi")), "blocked");

        refusal.Message.Should().Be("You cannot message this user.");
        (await Host.RowsAsync<Message>()).Should().BeEmpty();
        (await Host.RowsAsync<Conversation>()).Single().LastSeq.Should().Be(0);
        Host.Events.Should().BeEmpty();
        Host.Notifier.ReceivedCalls().Should().BeEmpty();
    }

    [Fact]
    public async Task Sending_to_a_user_who_blocked_you_is_refused()
    {
        await Given.BlockAsync(_bob, _alice);

        await Refused<ForbiddenException>(() => SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "hi")), "blocked");
    }

    [Fact]
    public async Task A_block_stops_the_direct_conversation_while_the_pair_also_shares_a_group()
    {
        // The "is it direct?" test must look at this conversation only, not at every conversation in the database.
        await Given.GroupAsync(_alice, "team", _bob);
        await Given.BlockAsync(_bob, _alice);

        await Refused<ForbiddenException>(() => SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "hi")), "blocked");

        (await Host.RowsAsync<Message>()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_block_with_someone_outside_the_direct_conversation_does_not_stop_it()
    {
        await Given.DirectAsync(_alice, _carol);
        await Given.BlockAsync(_alice, _carol);

        var result = await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "hi bob"));

        result.Created.Should().BeTrue();
    }

    [Fact]
    public async Task A_block_between_members_does_not_stop_a_group()
    {
        var group = await Given.GroupAsync(_alice, "team", _bob);
        await Given.BlockAsync(_alice, _bob);

        var result = await SendAs(_alice.Id, new SendMessageCommand(group.Id, "still here"));

        result.Created.Should().BeTrue();
    }

    [Fact]
    public async Task A_retry_of_a_message_stored_before_the_block_answers_with_it()
    {
        var first = await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "hi", "c-1"));
        await Given.BlockAsync(_bob, _alice);

        var retried = await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "hi", "c-1"));

        retried.Created.Should().BeFalse();
        retried.Message.Id.Should().Be(first.Message.Id);
    }

    // ---- participant check --------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_non_participant_is_refused_by_the_pipeline()
    {
        var refusal = await Refused<ForbiddenException>(() => SendAs(_carol.Id, new SendMessageCommand(_direct.Id, "let me in")), "not_a_participant");

        refusal.Message.Should().Contain(_direct.Id.ToString());
        (await Host.RowsAsync<Message>()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_non_participant_is_refused_by_the_handler_alone()
    {
        Host.As(_carol.Id);

        var refusal = await Refused<ForbiddenException>(
            () => Host.HandleAsync<SendMessageCommand, SendMessageResult>(new SendMessageCommand(_direct.Id, "let me in")), "not_a_participant");

        refusal.Message.Should().Be($"You are not a participant of conversation {_direct.Id}.");
        (await Host.RowsAsync<Message>()).Should().BeEmpty();
        (await Host.RowsAsync<Conversation>()).Single(c => c.Id == _direct.Id).LastSeq.Should().Be(0);
    }

    [Fact]
    public async Task Blank_content_without_attachments_is_refused_by_the_handler_alone_and_stores_nothing()
    {
        // Past the validator, only a send that carries attachments may have no text (Stryker found this unguarded).
        Host.As(_alice.Id);

        await Refused<DomainException>(
            () => Host.HandleAsync<SendMessageCommand, SendMessageResult>(new SendMessageCommand(_direct.Id, "   ")), "validation_failed");

        (await Host.RowsAsync<Message>()).Should().BeEmpty();
        (await Host.RowsAsync<Conversation>()).Single(c => c.Id == _direct.Id).LastSeq.Should().Be(0);
    }

    [Fact]
    public async Task An_unknown_conversation_is_not_found_through_the_pipeline_and_the_handler()
    {
        var missing = Guid.NewGuid();
        Host.As(_alice.Id);

        await Refused<NotFoundException>(() => Host.SendAsync(new SendMessageCommand(missing, "anyone?")), "not_found");
        await Refused<NotFoundException>(() => Host.HandleAsync<SendMessageCommand, SendMessageResult>(new SendMessageCommand(missing, "anyone?")), "not_found");
    }

    // ---- idempotency --------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_retry_with_the_same_client_id_answers_the_stored_message_without_storing_or_raising_again()
    {
        var first = await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "hi", "c-1"));
        Host.ClearObservations();

        var retried = await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "hi (edited text is ignored)", "c-1"));

        retried.Created.Should().BeFalse();
        retried.Message.Should().BeEquivalentTo(first.Message);
        (await Host.RowsAsync<Message>()).Should().ContainSingle();
        (await Host.RowsAsync<Conversation>()).Single().LastSeq.Should().Be(1);
        Host.Events.Should().BeEmpty();
        Host.Notifier.ReceivedCalls().Should().BeEmpty();
    }

    [Fact]
    public async Task Sends_without_a_client_id_are_never_taken_for_retries()
    {
        var first = await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "same"));
        var second = await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "same"));

        second.Created.Should().BeTrue();
        second.Message.Id.Should().NotBe(first.Message.Id);
        second.Message.Seq.Should().Be(2);
    }

    [Fact]
    public async Task The_same_client_id_from_another_sender_is_a_new_message()
    {
        var fromAlice = await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "hi", "c-1"));
        var fromBob = await SendAs(_bob.Id, new SendMessageCommand(_direct.Id, "hi", "c-1"));

        fromBob.Created.Should().BeTrue();
        fromBob.Message.Id.Should().NotBe(fromAlice.Message.Id);
        fromBob.Message.Sender!.Id.Should().Be(_bob.Id);
    }

    [Fact]
    public async Task The_same_client_id_in_another_conversation_is_a_new_message()
    {
        var group = await Given.GroupAsync(_alice, "team", _bob);
        var inDirect = await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "hi", "c-1"));

        var inGroup = await SendAs(_alice.Id, new SendMessageCommand(group.Id, "hi", "c-1"));

        inGroup.Created.Should().BeTrue();
        inGroup.Message.Id.Should().NotBe(inDirect.Message.Id);
        inGroup.Message.ConversationId.Should().Be(group.Id);
    }

    [Fact]
    public async Task Another_client_id_from_the_same_sender_is_a_new_message()
    {
        var first = await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "hi", "c-1"));

        var second = await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "hi", "c-2"));

        second.Created.Should().BeTrue();
        second.Message.Id.Should().NotBe(first.Message.Id);
    }

    // ---- pipeline: rate limit and validation --------------------------------------------------------------------------

    [Fact]
    public async Task A_send_spends_a_SendMessage_permit_of_the_caller_and_is_refused_without_one()
    {
        Host.RateLimiter.TryAcquire("SendMessage", _alice.Id.ToString()).Returns(7);

        var refusal = (await ((Func<Task>)(() => SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "hi")))).Should().ThrowAsync<RateLimitedException>()).Which;

        refusal.RetryAfterSeconds.Should().Be(7);
        (await Host.RowsAsync<Message>()).Should().BeEmpty();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n ")]
    public async Task Empty_content_is_invalid(string? content)
    {
        await Invalid(() => SendAs(_alice.Id, new SendMessageCommand(_direct.Id, content)), "content");
    }

    [Fact]
    public async Task Content_of_exactly_the_limit_passes_and_one_more_character_fails()
    {
        var atLimit = new string('x', MessageLimits.ContentMaxLength);

        (await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "  " + atLimit + "  "))).Message.Content.Should().Be(atLimit);
        await Invalid(() => SendAs(_alice.Id, new SendMessageCommand(_direct.Id, atLimit + "x")), "content");
    }

    [Fact]
    public async Task A_client_id_of_exactly_the_limit_passes_one_more_fails_and_a_blank_one_fails()
    {
        var atLimit = new string('c', MessageLimits.ClientMessageIdMaxLength);

        (await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "hi", atLimit))).Created.Should().BeTrue();
        await Invalid(() => SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "hi", atLimit + "c")), "clientMessageId");
        await Invalid(() => SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "hi", "  ")), "clientMessageId");
    }

    private async Task<(User, User, User)> ThreeUsersAsync()
    {
        var users = await Given.UsersAsync("alice", "bob", "carol");
        return (users[0], users[1], users[2]);
    }
}
