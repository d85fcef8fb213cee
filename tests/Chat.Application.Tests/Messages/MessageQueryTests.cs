using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Paging;
using Chat.Application.Features.Messages.EditMessage;
using Chat.Application.Features.Messages.GetChanges;
using Chat.Application.Features.Messages.GetMessage;
using Chat.Application.Features.Messages.GetMessageEdits;
using Chat.Application.Features.Messages.GetMessages;
using Chat.Application.Features.Messages.GetThread;
using Chat.Application.Features.Messages.MarkMessageRead;
using Chat.Application.Features.Messages.AddReaction;
using Chat.Application.Features.Messages.DeleteMessage;
using Chat.Application.Tests.Support;
using Chat.Domain.Conversations;
using Chat.Domain.Conversations.Events;
using Chat.Domain.Messages;
using Chat.Domain.Users;

namespace Chat.Application.Tests.Messages;

/// <summary>Reading messages: history pages, one message, its edits, a thread, changes since a version; and marking read.</summary>
[Covers(typeof(GetMessagesQueryHandler), typeof(GetMessageQueryHandler), typeof(GetMessageEditsQueryHandler))]
[Covers(typeof(GetThreadQueryHandler), typeof(GetChangesQueryHandler), typeof(MarkMessageReadCommandHandler))]
public sealed class MessageQueryTests : HandlerTest
{
    private User _alice = null!;
    private User _bob = null!;
    private User _carol = null!;
    private Conversation _direct = null!;
    private List<Message> _messages = null!;

    protected override async Task ArrangeAsync()
    {
        var users = await Given.UsersAsync("alice", "bob", "carol");
        (_alice, _bob, _carol) = (users[0], users[1], users[2]);
        _direct = await Given.DirectAsync(_alice, _bob);
        _messages = [];
        for (var i = 1; i <= 6; i++)
        {
            _messages.Add(await Given.MessageAsync(_direct.Id, _alice, $"m{i}"));
        }
    }

    // ---- history ------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Without_a_cursor_the_newest_page_comes_in_ascending_seq()
    {
        var page = await SendAs(_alice.Id, new GetMessagesQuery(_direct.Id, Limit: 4));

        page.Items.Select(m => m.Seq).Should().Equal(3, 4, 5, 6);
        page.HasMoreBefore.Should().BeTrue();
        page.HasMoreAfter.Should().BeFalse();
    }

    [Fact]
    public async Task Before_a_seq_gives_the_older_ones_and_says_more_lies_after()
    {
        var page = await SendAs(_alice.Id, new GetMessagesQuery(_direct.Id, Before: 4, Limit: 2));

        page.Items.Select(m => m.Seq).Should().Equal(2, 3);
        page.HasMoreBefore.Should().BeTrue();
        page.HasMoreAfter.Should().BeTrue();

        var first = await SendAs(_alice.Id, new GetMessagesQuery(_direct.Id, Before: 3, Limit: 2));
        first.Items.Select(m => m.Seq).Should().Equal(1, 2);
        first.HasMoreBefore.Should().BeFalse();
    }

    [Fact]
    public async Task After_a_seq_gives_the_newer_ones()
    {
        var page = await SendAs(_alice.Id, new GetMessagesQuery(_direct.Id, After: 2, Limit: 3));

        page.Items.Select(m => m.Seq).Should().Equal(3, 4, 5);
        page.HasMoreBefore.Should().BeTrue();
        page.HasMoreAfter.Should().BeTrue();

        var last = await SendAs(_alice.Id, new GetMessagesQuery(_direct.Id, After: 0, Limit: 6));
        last.HasMoreBefore.Should().BeFalse();
        last.HasMoreAfter.Should().BeFalse();
    }

    [Fact]
    public async Task Around_a_seq_gives_half_before_and_half_from_it()
    {
        var page = await SendAs(_alice.Id, new GetMessagesQuery(_direct.Id, Around: 4, Limit: 4));

        page.Items.Select(m => m.Seq).Should().Equal(2, 3, 4, 5);
        page.HasMoreBefore.Should().BeTrue();
        page.HasMoreAfter.Should().BeTrue();
    }

    [Fact]
    public async Task Deleted_messages_are_left_out_unless_asked_for()
    {
        await SendAs(_alice.Id, new DeleteMessageCommand(_messages[5].Id));

        (await SendAs(_alice.Id, new GetMessagesQuery(_direct.Id))).Items.Select(m => m.Seq).Should().Equal(1, 2, 3, 4, 5);
        var all = await SendAs(_alice.Id, new GetMessagesQuery(_direct.Id, IncludeDeleted: true));
        all.Items.Should().HaveCount(6);
        all.Items[^1].IsDeleted.Should().BeTrue();
        all.Items[^1].Content.Should().BeNull();
    }

    [Fact]
    public async Task Reading_history_moves_the_readers_delivered_marker_to_the_last_seq_returned()
    {
        await SendAs(_bob.Id, new GetMessagesQuery(_direct.Id, Before: 5, Limit: 2));

        var bob = (await Host.RowsAsync<ConversationParticipant>()).Single(p => p.UserId == _bob.Id);
        bob.LastDeliveredSeq.Should().Be(4);
        Host.Raised<MessagesDelivered>().Should().Equal(new MessagesDelivered(_direct.Id, _bob.Id, 4));
    }

    [Fact]
    public async Task History_is_for_participants_only()
    {
        await Refused<ForbiddenException>(() => SendAs(_carol.Id, new GetMessagesQuery(_direct.Id)), "not_a_participant");
        await Refused<NotFoundException>(() => SendAs(_carol.Id, new GetMessagesQuery(Guid.NewGuid())), "not_found");
    }

    [Theory]
    [InlineData(1, null, null, null, true)]
    [InlineData(100, null, null, null, true)]
    [InlineData(0, null, null, null, false)]
    [InlineData(101, null, null, null, false)]
    [InlineData(null, 1L, null, null, true)]
    [InlineData(null, 0L, null, null, false)]
    [InlineData(null, null, 0L, null, true)]
    [InlineData(null, null, -1L, null, false)]
    [InlineData(null, null, null, 1L, true)]
    [InlineData(null, null, null, 0L, false)]
    public async Task History_paging_is_checked_at_its_boundaries(int? limit, long? before, long? after, long? around, bool valid)
    {
        var act = () => SendAs(_alice.Id, new GetMessagesQuery(_direct.Id, before, after, around, limit));

        if (valid)
        {
            await act.Should().NotThrowAsync();
        }
        else
        {
            await act.Should().ThrowAsync<RequestValidationException>();
        }
    }

    [Fact]
    public async Task At_most_one_cursor_may_be_given()
    {
        await Invalid(() => SendAs(_alice.Id, new GetMessagesQuery(_direct.Id, Before: 3, After: 1)), "cursor");
    }

    // ---- one message, its edits ---------------------------------------------------------------------------------------

    [Fact]
    public async Task One_message_is_read_with_its_reactions_as_the_viewer_sees_them()
    {
        await SendAs(_alice.Id, new AddReactionCommand(_messages[0].Id, "👍"));

        var asAlice = await SendAs(_alice.Id, new GetMessageQuery(_messages[0].Id));
        var asBob = await SendAs(_bob.Id, new GetMessageQuery(_messages[0].Id));

        asAlice.Content.Should().Be("m1");
        asAlice.Reactions.Should().ContainSingle(r => r.Emoji == "👍" && r.Me);
        asBob.Reactions.Should().ContainSingle(r => r.Emoji == "👍" && !r.Me);
        await Refused<ForbiddenException>(() => SendAs(_carol.Id, new GetMessageQuery(_messages[0].Id)), "not_a_participant");
        await Refused<NotFoundException>(() => SendAs(_alice.Id, new GetMessageQuery(Guid.NewGuid())), "not_found");
    }

    [Fact]
    public async Task Edits_list_the_previous_contents_oldest_first()
    {
        var mine = _messages[1];
        await SendAs(_alice.Id, new EditMessageCommand(mine.Id, "second"));
        Host.Clock.Advance(TimeSpan.FromSeconds(5));
        await SendAs(_alice.Id, new EditMessageCommand(mine.Id, "third"));

        var edits = await SendAs(_bob.Id, new GetMessageEditsQuery(mine.Id));

        edits.Select(e => e.Content).Should().Equal("m2", "second");
        edits[1].EditedAt.Should().Be(Host.Now);
        await Refused<ForbiddenException>(() => SendAs(_carol.Id, new GetMessageEditsQuery(mine.Id)), "not_a_participant");
    }

    // ---- thread -------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_thread_pages_its_replies_by_seq_leaving_deleted_ones_out()
    {
        var root = _messages[0];
        var r1 = await Given.MessageAsync(_direct.Id, _alice, "r1", replyToId: root.Id);
        var r2 = await Given.MessageAsync(_direct.Id, _bob, "r2", replyToId: r1.Id);
        var r3 = await Given.MessageAsync(_direct.Id, _alice, "r3", replyToId: root.Id);
        await Given.MessageAsync(_direct.Id, _alice, "not in the thread");
        await SendAs(_bob.Id, new DeleteMessageCommand(r2.Id));

        var first = await SendAs(_alice.Id, new GetThreadQuery(root.Id, Limit: 1));
        var rest = await SendAs(_alice.Id, new GetThreadQuery(root.Id, After: long.Parse(first.NextCursor!), Limit: 5));

        first.Items.Select(m => m.Id).Should().Equal(r1.Id);
        rest.Items.Select(m => m.Id).Should().Equal(r3.Id);
        rest.NextCursor.Should().BeNull();
        await Invalid(() => SendAs(_alice.Id, new GetThreadQuery(root.Id, After: -1)), "after");
        await Invalid(() => SendAs(_alice.Id, new GetThreadQuery(root.Id, Limit: 101)), "limit");
        await Refused<ForbiddenException>(() => SendAs(_carol.Id, new GetThreadQuery(root.Id)), "not_a_participant");
    }

    // ---- changes ------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Changes_since_a_version_come_once_each_in_version_order_and_say_where_to_go_on()
    {
        await SendAs(_alice.Id, new EditMessageCommand(_messages[1].Id, "m2 edited"));

        var page = await SendAs(_bob.Id, new GetChangesQuery(_direct.Id, Since: 4, Limit: 2));

        page.Items.Select(m => m.Seq).Should().Equal(5, 6);
        page.HasMore.Should().BeTrue();
        page.Version.Should().Be(6);
        var rest = await SendAs(_bob.Id, new GetChangesQuery(_direct.Id, Since: page.Version));
        rest.Items.Select(m => (m.Seq, m.Content)).Should().Equal((2L, "m2 edited"));
        rest.HasMore.Should().BeFalse();
        rest.Version.Should().Be(7);
        var none = await SendAs(_bob.Id, new GetChangesQuery(_direct.Id, Since: 7));
        none.Items.Should().BeEmpty();
        none.Version.Should().Be(7);
    }

    [Fact]
    public async Task A_changes_page_never_splits_a_reply_from_its_root()
    {
        await Given.MessageAsync(_direct.Id, _alice, "reply", replyToId: _messages[0].Id);

        var page = await SendAs(_bob.Id, new GetChangesQuery(_direct.Id, Since: 6, Limit: 1));

        page.Items.Select(m => m.Version).Should().Equal(7, 7);
        page.HasMore.Should().BeFalse();
    }

    [Fact]
    public async Task Changes_move_the_delivered_marker_and_are_checked()
    {
        await SendAs(_bob.Id, new GetChangesQuery(_direct.Id, Since: 0, Limit: 3));

        (await Host.RowsAsync<ConversationParticipant>()).Single(p => p.UserId == _bob.Id).LastDeliveredSeq.Should().Be(3);
        await Invalid(() => SendAs(_bob.Id, new GetChangesQuery(_direct.Id, Since: -1)), "since");
        await Invalid(() => SendAs(_bob.Id, new GetChangesQuery(_direct.Id, Limit: 0)), "limit");
        await Refused<ForbiddenException>(() => SendAs(_carol.Id, new GetChangesQuery(_direct.Id)), "not_a_participant");
    }

    // ---- mark read ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Marking_a_message_read_moves_the_read_marker_forward_only_and_raises_once()
    {
        await SendAs(_bob.Id, new MarkMessageReadCommand(_messages[3].Id));
        await SendAs(_bob.Id, new MarkMessageReadCommand(_messages[1].Id));

        var bob = (await Host.RowsAsync<ConversationParticipant>()).Single(p => p.UserId == _bob.Id);
        bob.LastReadSeq.Should().Be(4);
        bob.LastDeliveredSeq.Should().Be(4);
        Host.Raised<MessagesRead>().Should().Equal(new MessagesRead(_direct.Id, _bob.Id, 4));
        await Refused<ForbiddenException>(() => SendAs(_carol.Id, new MarkMessageReadCommand(_messages[0].Id)), "not_a_participant");
    }
}
