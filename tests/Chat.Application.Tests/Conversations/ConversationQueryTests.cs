using Chat.Application.Common.Exceptions;
using Chat.Application.Features.Conversations.Events;
using Chat.Application.Features.Conversations.GetConversation;
using Chat.Application.Features.Conversations.GetConversations;
using Chat.Application.Features.Conversations.GetUnread;
using Chat.Application.Features.Conversations.MarkConversationRead;
using Chat.Application.Features.Conversations.MarkDelivered;
using Chat.Application.Features.Messages.DeleteMessage;
using Chat.Application.Features.Conversations.UpdateConversation;
using Chat.Application.Tests.Support;
using Chat.Domain.Conversations;
using Chat.Domain.Conversations.Events;
using Chat.Domain.Users;

namespace Chat.Application.Tests.Conversations;

/// <summary>Reading conversations and unread counts, and moving the read and delivered markers.</summary>
[Covers(typeof(GetConversationQueryHandler), typeof(GetConversationsQueryHandler), typeof(GetUnreadQueryHandler))]
[Covers(typeof(MarkConversationReadCommandHandler), typeof(MessagesReadHandler))]
[Covers(typeof(MarkDeliveredCommandHandler), typeof(MessagesDeliveredHandler))]
public sealed class ConversationQueryTests : HandlerTest
{
    private User _alice = null!;
    private User _bob = null!;
    private User _carol = null!;

    protected override async Task ArrangeAsync()
    {
        var users = await Given.UsersAsync("alice", "bob", "carol");
        (_alice, _bob, _carol) = (users[0], users[1], users[2]);
    }

    [Fact]
    public async Task One_conversation_is_read_as_its_participant_sees_it()
    {
        var direct = await Given.DirectAsync(_alice, _bob);
        await Given.MessageAsync(direct.Id, _bob, "one");
        await Given.MessageAsync(direct.Id, _bob, "two");

        var seen = await SendAs(_alice.Id, new GetConversationQuery(direct.Id));

        seen.LastSeq.Should().Be(2);
        seen.LastReadSeq.Should().Be(0);
        seen.UnreadCount.Should().Be(2);
        seen.LastMessage!.Content.Should().Be("two");
        (await SendAs(_bob.Id, new GetConversationQuery(direct.Id))).UnreadCount.Should().Be(0);
        await Refused<ForbiddenException>(() => SendAs(_carol.Id, new GetConversationQuery(direct.Id)), "not_a_participant");
        await Refused<NotFoundException>(() => SendAs(_carol.Id, new GetConversationQuery(Guid.NewGuid())), "not_found");
    }

    [Fact]
    public async Task My_conversations_come_newest_activity_first_in_pages()
    {
        var first = await Given.DirectAsync(_alice, _bob);
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await Given.GroupAsync(_alice, "Project", _carol);
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        await Given.MessageAsync(first.Id, _bob, "bump");
        await Given.DirectAsync(_bob, _carol);

        var page = await SendAs(_alice.Id, new GetConversationsQuery(Limit: 1));
        var rest = await SendAs(_alice.Id, new GetConversationsQuery(Limit: 1, Cursor: page.NextCursor));

        page.Items.Select(c => c.Id).Should().Equal(first.Id);
        page.NextCursor.Should().NotBeNull();
        rest.Items.Select(c => c.Id).Should().Equal(second.Id);
        rest.NextCursor.Should().BeNull();
    }

    [Fact]
    public async Task My_conversations_filter_by_kind_and_search_and_leave_channels_out()
    {
        var direct = await Given.DirectAsync(_alice, _bob);
        var group = await Given.GroupAsync(_alice, "Project Apollo", _carol);
        await Given.RoomAsync(_alice, "guild");

        (await SendAs(_alice.Id, new GetConversationsQuery())).Items.Select(c => c.Id).Should().BeEquivalentTo([direct.Id, group.Id]);
        (await SendAs(_alice.Id, new GetConversationsQuery(Kind: ConversationKind.Group))).Items.Select(c => c.Id).Should().Equal(group.Id);
        (await SendAs(_alice.Id, new GetConversationsQuery(Kind: ConversationKind.Channel))).Items.Should().ContainSingle();
        (await SendAs(_alice.Id, new GetConversationsQuery(Search: "apol"))).Items.Select(c => c.Id).Should().Equal(group.Id);
        (await SendAs(_alice.Id, new GetConversationsQuery(Search: " BO "))).Items.Select(c => c.Id).Should().Equal(direct.Id);
        (await SendAs(_alice.Id, new GetConversationsQuery(Search: "alice"))).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task Conversation_list_paging_and_search_are_checked_at_their_limits()
    {
        await SendAs(_alice.Id, new GetConversationsQuery(Search: new string('s', 100), Limit: 100));
        await SendAs(_alice.Id, new GetConversationsQuery(Limit: 1));
        await Invalid(() => SendAs(_alice.Id, new GetConversationsQuery(Search: new string('s', 101))), "search");
        await Invalid(() => SendAs(_alice.Id, new GetConversationsQuery(Limit: 101)), "limit");
        await Invalid(() => SendAs(_alice.Id, new GetConversationsQuery(Limit: 0)), "limit");
        await Invalid(() => SendAs(_alice.Id, new GetConversationsQuery(Kind: (ConversationKind)42)), "kind");
    }

    [Fact]
    public async Task Unread_counts_leave_out_my_own_and_deleted_messages_and_read_conversations()
    {
        var direct = await Given.DirectAsync(_alice, _bob);
        var group = await Given.GroupAsync(_carol, "team", _alice, _bob);
        var read = await Given.DirectAsync(_alice, _carol);
        await Given.MessageAsync(direct.Id, _bob, "1");
        var deleted = await Given.MessageAsync(direct.Id, _bob, "2");
        await Given.MessageAsync(direct.Id, _alice, "mine");
        await Given.MessageAsync(direct.Id, _bob, "3");
        await Given.MessageAsync(group.Id, _carol, "a");
        await Given.MessageAsync(read.Id, _carol, "seen");
        await SendAs(_alice.Id, new MarkConversationReadCommand(read.Id, 1));
        await SendAs(_bob.Id, new DeleteMessageCommand(deleted.Id));

        var unread = await SendAs(_alice.Id, new GetUnreadQuery());

        unread.Conversations.Should().Equal(new UnreadConversationDto(direct.Id, 1), new UnreadConversationDto(group.Id, 1));
        unread.Total.Should().Be(2);
    }

    [Fact]
    public async Task Unread_counts_start_after_the_read_markers_own_seq_and_the_most_unread_conversation_comes_first()
    {
        var marked = await Given.GroupAsync(_carol, "marked", _alice);
        var busier = await Given.GroupAsync(_bob, "busier", _alice);
        await Given.MessageAsync(marked.Id, _carol, "a");
        await Given.MessageAsync(marked.Id, _carol, "b");
        await SendAs(_alice.Id, new MarkConversationReadCommand(marked.Id, 1));
        await Given.MessageAsync(busier.Id, _bob, "x");
        await Given.MessageAsync(busier.Id, _bob, "y");

        var unread = await SendAs(_alice.Id, new GetUnreadQuery());

        unread.Conversations.Should().Equal(new UnreadConversationDto(busier.Id, 2), new UnreadConversationDto(marked.Id, 1));
        unread.Total.Should().Be(3);
    }

    /// <summary>
    /// One conversation where the reader's own message, a deleted message and the message at the read marker's own seq
    /// all lie around the marker: seq 1 carol, 2 alice, 3 carol (alice's marker), 4 carol deleted, 5 carol.
    /// </summary>
    private async Task<Conversation> MarkedGroupAsync()
    {
        var group = await Given.GroupAsync(_alice, "team", _bob, _carol);
        await Given.MessageAsync(group.Id, _carol, "a");
        await Given.MessageAsync(group.Id, _alice, "mine");
        await Given.MessageAsync(group.Id, _carol, "b");
        var deleted = await Given.MessageAsync(group.Id, _carol, "c");
        await Given.MessageAsync(group.Id, _carol, "d");
        await SendAs(_alice.Id, new MarkConversationReadCommand(group.Id, 3));
        await SendAs(_carol.Id, new DeleteMessageCommand(deleted.Id));
        return group;
    }

    [Fact]
    public async Task A_conversations_unread_count_leaves_out_the_marker_seq_own_and_deleted_messages()
    {
        var group = await MarkedGroupAsync();

        var seen = await SendAs(_alice.Id, new GetConversationQuery(group.Id));

        seen.LastReadSeq.Should().Be(3);
        seen.UnreadCount.Should().Be(1);
        (await SendAs(_bob.Id, new GetConversationQuery(group.Id))).UnreadCount.Should().Be(4);
        (await SendAs(_carol.Id, new GetConversationQuery(group.Id))).UnreadCount.Should().Be(0);
    }

    [Fact]
    public async Task Conversation_updated_carries_each_participants_own_unread_count()
    {
        var group = await MarkedGroupAsync();
        Host.ClearObservations();

        await SendAs(_alice.Id, new UpdateConversationCommand(group.Id, "crew", null));

        // Alice's marker is at 3, bob's at 0, carol's at 5 (her own last message): each event tells its recipient's count.
        Host.Published<ConversationUpdatedEvent>().Select(e => (e.Conversation.LastReadSeq, e.Conversation.UnreadCount))
            .Should().BeEquivalentTo([(3L, 1), (0L, 4), (5L, 0)]);
    }

    [Fact]
    public async Task Marking_read_by_seq_or_message_moves_the_marker_forward_and_tells_the_participants()
    {
        var direct = await Given.DirectAsync(_alice, _bob);
        var one = await Given.MessageAsync(direct.Id, _bob, "1");
        await Given.MessageAsync(direct.Id, _bob, "2");
        await Given.MessageAsync(direct.Id, _bob, "3");
        var socket = Guid.NewGuid();

        await Host.As(_alice.Id, socketSessionId: socket).SendAsync(new MarkConversationReadCommand(direct.Id, 2));
        await SendAs(_alice.Id, new MarkConversationReadCommand(direct.Id, MessageId: one.Id));
        await SendAs(_alice.Id, new MarkConversationReadCommand(direct.Id, 99));

        var alice = (await Host.RowsAsync<ConversationParticipant>()).Single(p => p.UserId == _alice.Id);
        alice.LastReadSeq.Should().Be(3);
        Host.Raised<MessagesRead>().Should().Equal(new MessagesRead(direct.Id, _alice.Id, 2), new MessagesRead(direct.Id, _alice.Id, 3));
        Host.Published<MessageReadEvent>().Should().Equal(new MessageReadEvent(direct.Id, _alice.Id, 2), new MessageReadEvent(direct.Id, _alice.Id, 3));
    }

    [Fact]
    public async Task Marking_read_takes_exactly_one_of_seq_and_message_of_this_conversation()
    {
        var direct = await Given.DirectAsync(_alice, _bob);
        var group = await Given.GroupAsync(_alice, "team", _bob);
        var elsewhere = await Given.MessageAsync(group.Id, _bob, "x");

        await Invalid(() => SendAs(_alice.Id, new MarkConversationReadCommand(direct.Id)), "seq");
        await Invalid(() => SendAs(_alice.Id, new MarkConversationReadCommand(direct.Id, 1, elsewhere.Id)), "seq");
        await Invalid(() => SendAs(_alice.Id, new MarkConversationReadCommand(direct.Id, -1)), "seq");
        await Invalid(() => SendAs(_alice.Id, new MarkConversationReadCommand(direct.Id, MessageId: elsewhere.Id)), "messageId");
        await SendAs(_alice.Id, new MarkConversationReadCommand(direct.Id, 0));
        await Refused<ForbiddenException>(() => SendAs(_carol.Id, new MarkConversationReadCommand(direct.Id, 1)), "not_a_participant");
    }

    [Fact]
    public async Task Delivery_in_a_direct_conversation_tells_the_sender_and_never_moves_back()
    {
        var direct = await Given.DirectAsync(_alice, _bob);
        await Given.MessageAsync(direct.Id, _alice, "1");
        await Given.MessageAsync(direct.Id, _alice, "2");

        await SendAs(_bob.Id, new MarkDeliveredCommand(direct.Id, 2));
        await SendAs(_bob.Id, new MarkDeliveredCommand(direct.Id, 1));

        (await Host.RowsAsync<ConversationParticipant>()).Single(p => p.UserId == _bob.Id).LastDeliveredSeq.Should().Be(2);
        Host.Raised<MessagesDelivered>().Should().Equal(new MessagesDelivered(direct.Id, _bob.Id, 2));
        Host.Published<MessageDeliveredEvent>().Should().Equal(new MessageDeliveredEvent(direct.Id, _bob.Id, 2));
        await Refused<ForbiddenException>(() => SendAs(_carol.Id, new MarkDeliveredCommand(direct.Id, 1)), "not_a_participant");
    }

    [Fact]
    public async Task Delivery_in_a_group_is_recorded_but_announced_to_no_one()
    {
        var group = await Given.GroupAsync(_alice, "team", _bob);
        await Given.MessageAsync(group.Id, _alice, "1");

        await SendAs(_bob.Id, new MarkDeliveredCommand(group.Id, 1));

        Host.Raised<MessagesDelivered>().Should().ContainSingle();
        Host.Published<MessageDeliveredEvent>().Should().BeEmpty();
    }
}
