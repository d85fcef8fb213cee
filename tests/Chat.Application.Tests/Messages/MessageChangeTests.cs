using Chat.Application.Common.Exceptions;
using Chat.Application.Features.Messages.AddReaction;
using Chat.Application.Features.Messages.DeleteMessage;
using Chat.Application.Features.Messages.EditMessage;
using Chat.Application.Features.Messages.Events;
using Chat.Application.Features.Messages.RemoveReaction;
using Chat.Application.Features.Messages.SendMessage;
using Chat.Application.Tests.Support;
using Chat.Domain.Common;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Chat.Domain.Messages.Events;
using Chat.Domain.Rooms;
using Chat.Domain.Users;

namespace Chat.Application.Tests.Messages;

/// <summary>Changes to a stored message: edit, delete, react, take a reaction back — each takes the next version and goes out after commit.</summary>
[Covers(typeof(EditMessageCommandHandler), typeof(MessageEditedHandler))]
[Covers(typeof(DeleteMessageCommandHandler), typeof(MessageDeletedHandler))]
[Covers(typeof(AddReactionCommandHandler), typeof(ReactionAddedHandler))]
[Covers(typeof(RemoveReactionCommandHandler), typeof(ReactionRemovedHandler))]
public sealed class MessageChangeTests : HandlerTest
{
    private User _alice = null!;
    private User _bob = null!;
    private User _carol = null!;
    private Conversation _group = null!;
    private Message _message = null!;

    protected override async Task ArrangeAsync()
    {
        var users = await Given.UsersAsync("alice", "bob", "carol");
        (_alice, _bob, _carol) = (users[0], users[1], users[2]);
        _group = await Given.GroupAsync(_alice, "team", _bob);
        _message = await Given.MessageAsync(_group.Id, _bob, "first words");
    }

    // ---- edit ---------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task An_edit_replaces_the_content_keeps_the_old_one_and_takes_the_next_version()
    {
        Host.Clock.Advance(TimeSpan.FromMinutes(3));

        var edited = await SendAs(_bob.Id, new EditMessageCommand(_message.Id, " better words @alice "));

        edited.Content.Should().Be("better words @alice");
        edited.EditedAt.Should().Be(Host.Now);
        edited.Version.Should().Be(2);
        edited.Mentions.Should().Equal(_alice.Id);
        var previous = (await Host.RowsAsync<MessageEdit>()).Should().ContainSingle().Subject;
        previous.Content.Should().Be("first words");
        Host.Raised<MessageEdited>().Should().Equal(new MessageEdited(_group.Id, _message.Id, 2, 0));
        Host.Published<MessageEditedEvent>().Should().NotBeEmpty().And.OnlyContain(e => e.Message.Id == _message.Id && e.Message.Content == "better words @alice" && e.Type == "message_edited");
    }

    [Fact]
    public async Task An_edit_to_the_same_content_changes_nothing_and_raises_nothing()
    {
        var edited = await SendAs(_bob.Id, new EditMessageCommand(_message.Id, "first words"));

        edited.Version.Should().Be(1);
        edited.EditedAt.Should().BeNull();
        (await Host.RowsAsync<MessageEdit>()).Should().BeEmpty();
        Host.Events.Should().BeEmpty();
    }

    [Fact]
    public async Task Only_the_sender_may_edit()
    {
        await Refused<DomainException>(() => SendAs(_alice.Id, new EditMessageCommand(_message.Id, "mine now")), "not_sender");

        (await Host.RowsAsync<Message>()).Single().Content.Should().Be("first words");
    }

    [Fact]
    public async Task A_deleted_message_cannot_be_edited()
    {
        await SendAs(_bob.Id, new DeleteMessageCommand(_message.Id));

        await Refused<DomainException>(() => SendAs(_bob.Id, new EditMessageCommand(_message.Id, "again")), "message_deleted");
    }

    [Fact]
    public async Task Edit_access_is_checked_on_the_messages_conversation()
    {
        await Refused<ForbiddenException>(() => SendAs(_carol.Id, new EditMessageCommand(_message.Id, "hi")), "not_a_participant");
        await Refused<NotFoundException>(() => SendAs(_bob.Id, new EditMessageCommand(Guid.NewGuid(), "hi")), "not_found");
    }

    [Fact]
    public async Task Edit_content_at_the_limit_passes_and_one_more_fails()
    {
        var atLimit = new string('y', MessageLimits.ContentMaxLength);

        (await SendAs(_bob.Id, new EditMessageCommand(_message.Id, atLimit))).Content.Should().Be(atLimit);
        await Invalid(() => SendAs(_bob.Id, new EditMessageCommand(_message.Id, atLimit + "y")), "content");
        await Invalid(() => SendAs(_bob.Id, new EditMessageCommand(_message.Id, " ")), "content");
    }

    // ---- delete -------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_deleted_message_loses_its_mentions_and_other_messages_keep_theirs()
    {
        var deleted = await SendAs(_bob.Id, new SendMessageCommand(_group.Id, "@alice first"));
        var kept = await SendAs(_bob.Id, new SendMessageCommand(_group.Id, "@alice second"));

        await SendAs(_bob.Id, new DeleteMessageCommand(deleted.Message.Id));

        (await Host.RowsAsync<MessageMention>()).Select(m => (m.MessageId, m.UserId)).Should().Equal((kept.Message.Id, _alice.Id));
    }

    [Fact]
    public async Task The_sender_deletes_a_message_into_a_tombstone_that_loses_reactions_and_edits()
    {
        await SendAs(_bob.Id, new EditMessageCommand(_message.Id, "second words"));
        await SendAs(_alice.Id, new AddReactionCommand(_message.Id, "👍"));
        Host.ClearObservations();

        await SendAs(_bob.Id, new DeleteMessageCommand(_message.Id));

        var row = (await Host.RowsAsync<Message>()).Single();
        row.IsDeleted.Should().BeTrue();
        row.Content.Should().BeNull();
        row.DeletedAt.Should().Be(Host.Now);
        row.Version.Should().Be(4);
        (await Host.RowsAsync<MessageReaction>()).Should().BeEmpty();
        (await Host.RowsAsync<MessageEdit>()).Should().BeEmpty();
        Host.Raised<MessageDeleted>().Should().Equal(new MessageDeleted(_group.Id, _message.Id, 1, 4, 0));
        Host.Published<MessageDeletedEvent>().Should().Equal(new MessageDeletedEvent(_group.Id, _message.Id, 1, 4));
    }

    [Fact]
    public async Task Deleting_twice_is_fine_and_raises_once()
    {
        await SendAs(_bob.Id, new DeleteMessageCommand(_message.Id));
        await SendAs(_bob.Id, new DeleteMessageCommand(_message.Id));

        Host.Raised<MessageDeleted>().Should().ContainSingle();
    }

    [Fact]
    public async Task A_groups_owner_may_delete_anyones_message_but_a_member_may_not()
    {
        var alices = await Given.MessageAsync(_group.Id, _alice, "owner's");

        await Refused<DomainException>(() => SendAs(_bob.Id, new DeleteMessageCommand(alices.Id)), "not_sender");
        await SendAs(_alice.Id, new DeleteMessageCommand(_message.Id));

        (await Host.RowsAsync<Message>()).Single(m => m.Id == _message.Id).IsDeleted.Should().BeTrue();
    }

    [Fact]
    public async Task In_a_direct_conversation_only_the_sender_may_delete()
    {
        var direct = await Given.DirectAsync(_alice, _bob);
        var bobs = await Given.MessageAsync(direct.Id, _bob, "mine");

        await Refused<DomainException>(() => SendAs(_alice.Id, new DeleteMessageCommand(bobs.Id)), "not_sender");
    }

    [Fact]
    public async Task In_a_channel_a_moderator_may_delete_anyones_message_and_a_member_may_not()
    {
        var room = await Given.RoomAsync(_alice, "guild", true, _bob, _carol);
        await Given.RoleAsync(room, _carol, RoomRole.Moderator);
        var bobs = await Given.MessageAsync(room.General.Id, _bob, "in general");
        var carols = await Given.MessageAsync(room.General.Id, _carol, "mod talk");

        await Refused<DomainException>(() => SendAs(_bob.Id, new DeleteMessageCommand(carols.Id)), "not_sender");
        await SendAs(_carol.Id, new DeleteMessageCommand(bobs.Id));

        (await Host.RowsAsync<Message>()).Single(m => m.Id == bobs.Id).IsDeleted.Should().BeTrue();
    }

    [Fact]
    public async Task Deleting_a_reply_uncounts_it_on_the_thread_root()
    {
        var reply = await Given.MessageAsync(_group.Id, _alice, "answer", replyToId: _message.Id);

        await SendAs(_alice.Id, new DeleteMessageCommand(reply.Id));

        var root = (await Host.RowsAsync<Message>()).Single(m => m.Id == _message.Id);
        root.ReplyCount.Should().Be(0);
        root.Version.Should().Be(3);
    }

    [Fact]
    public async Task Delete_access_is_checked_on_the_messages_conversation()
    {
        await Refused<ForbiddenException>(() => SendAs(_carol.Id, new DeleteMessageCommand(_message.Id)), "not_a_participant");
    }

    // ---- reactions ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_reaction_is_stored_once_per_user_and_emoji()
    {
        await SendAs(_alice.Id, new AddReactionCommand(_message.Id, "🎉"));
        await SendAs(_alice.Id, new AddReactionCommand(_message.Id, "🎉"));

        var reaction = (await Host.RowsAsync<MessageReaction>()).Should().ContainSingle().Subject;
        reaction.UserId.Should().Be(_alice.Id);
        reaction.Emoji.Should().Be("🎉");
        Host.Raised<ReactionAdded>().Should().Equal(new ReactionAdded(_group.Id, _message.Id, _alice.Id, "🎉", 2, 0));
        Host.Published<ReactionAddedEvent>().Should().Equal(new ReactionAddedEvent(_group.Id, _message.Id, _alice.Id, "🎉", 2));
    }

    [Fact]
    public async Task Taking_a_reaction_back_removes_it_and_taking_back_none_changes_nothing()
    {
        await SendAs(_alice.Id, new AddReactionCommand(_message.Id, "🎉"));
        Host.ClearObservations();

        await SendAs(_bob.Id, new RemoveReactionCommand(_message.Id, "🎉"));
        Host.Events.Should().BeEmpty();
        await SendAs(_alice.Id, new RemoveReactionCommand(_message.Id, "🎉"));

        (await Host.RowsAsync<MessageReaction>()).Should().BeEmpty();
        Host.Raised<ReactionRemoved>().Should().Equal(new ReactionRemoved(_group.Id, _message.Id, _alice.Id, "🎉", 3, 0));
        Host.Published<ReactionRemovedEvent>().Should().Equal(new ReactionRemovedEvent(_group.Id, _message.Id, _alice.Id, "🎉", 3));
    }

    [Fact]
    public async Task A_deleted_message_takes_no_reactions()
    {
        await SendAs(_bob.Id, new DeleteMessageCommand(_message.Id));

        await Refused<DomainException>(() => SendAs(_alice.Id, new AddReactionCommand(_message.Id, "👍")), "message_deleted");
    }

    [Fact]
    public async Task A_message_takes_at_most_the_limit_of_distinct_emoji()
    {
        for (var i = 0; i < MessageLimits.MaxDistinctReactions; i++)
        {
            await SendAs(_alice.Id, new AddReactionCommand(_message.Id, char.ConvertFromUtf32(0x1F600 + i)));
        }

        await Refused<DomainException>(() => SendAs(_alice.Id, new AddReactionCommand(_message.Id, "🦊")), "too_many_reactions");
        await SendAs(_bob.Id, new AddReactionCommand(_message.Id, "😀"));
    }

    [Fact]
    public async Task A_reaction_is_one_listed_emoji_in_any_form_stored_fully_qualified()
    {
        await SendAs(_alice.Id, new AddReactionCommand(_message.Id, "❤"));
        await SendAs(_alice.Id, new AddReactionCommand(_message.Id, "❤️"));
        await SendAs(_bob.Id, new AddReactionCommand(_message.Id, "❤️"));

        var rows = await Host.RowsAsync<MessageReaction>();
        rows.Should().HaveCount(2).And.OnlyContain(r => r.Emoji == "❤️");
        Host.Raised<ReactionAdded>().Should().OnlyContain(e => e.Emoji == "❤️");

        await SendAs(_alice.Id, new RemoveReactionCommand(_message.Id, "❤"));
        (await Host.RowsAsync<MessageReaction>()).Should().ContainSingle(r => r.UserId == _bob.Id);
    }

    [Theory]
    [InlineData("lol")]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("👍👍")]
    [InlineData("👍 ")]
    [InlineData(":+1:")]
    [InlineData("\u200B")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public async Task Anything_but_one_listed_emoji_is_refused_to_add_and_to_remove(string text)
    {
        var emoji = System.Text.RegularExpressions.Regex.Unescape(text);

        await Invalid(() => SendAs(_alice.Id, new AddReactionCommand(_message.Id, emoji)), "emoji");
        await Invalid(() => SendAs(_alice.Id, new RemoveReactionCommand(_message.Id, emoji)), "emoji");
        (await Host.RowsAsync<MessageReaction>()).Should().BeEmpty();
    }

    [Fact]
    public async Task Reaction_access_is_checked_on_the_messages_conversation()
    {
        await Refused<ForbiddenException>(() => SendAs(_carol.Id, new AddReactionCommand(_message.Id, "👍")), "not_a_participant");
        await Refused<ForbiddenException>(() => SendAs(_carol.Id, new RemoveReactionCommand(_message.Id, "👍")), "not_a_participant");
    }
}
