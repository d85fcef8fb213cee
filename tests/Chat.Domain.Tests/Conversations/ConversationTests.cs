using Chat.Domain.Common;
using Chat.Domain.Conversations;
using Chat.Domain.Conversations.Events;
using Chat.Domain.Messages;
using Chat.Domain.Messages.Events;

namespace Chat.Domain.Tests.Conversations;

public sealed class ConversationTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Alice = Guid.CreateVersion7();
    private static readonly Guid Bob = Guid.CreateVersion7();
    private static readonly Guid Carol = Guid.CreateVersion7();

    [Fact]
    public void A_direct_conversation_has_the_same_key_whoever_starts_it_and_two_members()
    {
        var fromAlice = Conversation.StartDirect(Alice, Bob, Now);
        var fromBob = Conversation.StartDirect(Bob, Alice, Now);

        fromAlice.DirectKey.Should().Be(fromBob.DirectKey).And.HaveLength(ConversationLimits.DirectKeyLength);
        fromAlice.Kind.Should().Be(ConversationKind.Direct);
        fromAlice.Participants.Select(p => (p.UserId, p.Role)).Should().BeEquivalentTo([(Alice, ParticipantRole.Member), (Bob, ParticipantRole.Member)]);
        fromAlice.DomainEvents.Should().ContainSingle().Which.Should().Be(new ConversationStarted(fromAlice.Id));
        FluentActions.Invoking(() => Conversation.StartDirect(Alice, Alice, Now))
            .Should().Throw<DomainException>().Where(e => e.Kind == DomainErrorKind.BadRequest);
    }

    [Fact]
    public void Each_accepted_message_takes_the_next_seq_and_version_and_moves_the_senders_read_marker()
    {
        var conversation = Conversation.StartDirect(Alice, Bob, Now);
        var alice = conversation.ParticipantOf(Alice)!;

        var first = conversation.AppendMessage(alice, "  one  ", "c1", null, [], Now);
        var second = conversation.AppendMessage(alice, "two", null, null, [], Now.AddSeconds(1));

        (first.Seq, first.Version, second.Seq, second.Version).Should().Be((1, 1, 2, 2));
        first.Content.Should().Be("one");
        first.ClientMessageId.Should().Be("c1");
        conversation.LastSeq.Should().Be(2);
        conversation.Version.Should().Be(2);
        conversation.LastActivityAt.Should().Be(Now.AddSeconds(1));
        conversation.UpdatedAt.Should().Be(Now.AddSeconds(1));
        alice.LastReadSeq.Should().Be(2);
        alice.LastDeliveredSeq.Should().Be(2);
        conversation.DomainEvents.OfType<MessageSent>().Should().Equal(
            new MessageSent(conversation.Id, first.Id, Alice, 1, 1, 0), new MessageSent(conversation.Id, second.Id, Alice, 2, 2, 0));
    }

    [Fact]
    public void Seq_counts_messages_only_while_version_counts_every_change()
    {
        var conversation = Conversation.StartDirect(Alice, Bob, Now);
        var (alice, bob) = (conversation.ParticipantOf(Alice)!, conversation.ParticipantOf(Bob)!);
        var first = conversation.AppendMessage(alice, "one", null, null, [], Now);
        conversation.AddReaction(first, Bob, "👍", Now);
        conversation.EditMessage(first, Alice, "one, edited", [], Now);

        var second = conversation.AppendMessage(bob, "two", null, null, [], Now.AddSeconds(1));

        (second.Seq, second.Version).Should().Be((2, 4));
        (conversation.LastSeq, conversation.Version).Should().Be((2, 4));
        bob.LastReadSeq.Should().Be(2);
        alice.LastReadSeq.Should().Be(1);
        conversation.DomainEvents.OfType<MessageSent>().Last().Should().Be(new MessageSent(conversation.Id, second.Id, Bob, 2, 4, 0));
    }

    [Fact]
    public void A_message_with_attachments_may_have_no_text_and_keeps_its_text_trimmed_when_it_has_some()
    {
        var conversation = Conversation.StartDirect(Alice, Bob, Now);
        var alice = conversation.ParticipantOf(Alice)!;

        var bare = conversation.AppendMessage(alice, null, null, null, [], Now, hasAttachments: true);
        var blank = conversation.AppendMessage(alice, "   ", null, null, [], Now, hasAttachments: true);
        var captioned = conversation.AppendMessage(alice, "  caption  ", null, null, [], Now, hasAttachments: true);

        (bare.Content, blank.Content, captioned.Content).Should().Be((null, null, "caption"));
        (bare.Seq, blank.Seq, captioned.Seq).Should().Be((1, 2, 3));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_content_is_refused(string content)
    {
        var conversation = Conversation.StartDirect(Alice, Bob, Now);

        var act = () => conversation.AppendMessage(conversation.ParticipantOf(Alice)!, content, null, null, [], Now);

        act.Should().Throw<DomainException>().Where(e => e.Kind == DomainErrorKind.Invalid);
        conversation.LastSeq.Should().Be(0);
    }

    [Fact]
    public void Content_over_four_thousand_characters_is_refused()
    {
        var conversation = Conversation.StartDirect(Alice, Bob, Now);
        var alice = conversation.ParticipantOf(Alice)!;

        conversation.AppendMessage(alice, new string('a', MessageLimits.ContentMaxLength), null, null, [], Now).Content.Should().HaveLength(4000);
        FluentActions.Invoking(() => conversation.AppendMessage(alice, new string('a', MessageLimits.ContentMaxLength + 1), null, null, [], Now))
            .Should().Throw<DomainException>();
    }

    [Fact]
    public void Someone_from_another_conversation_cannot_append()
    {
        var conversation = Conversation.StartDirect(Alice, Bob, Now);
        var elsewhere = Conversation.StartDirect(Alice, Carol, Now).ParticipantOf(Carol)!;

        var act = () => conversation.AppendMessage(elsewhere, "hi", null, null, [], Now);

        act.Should().Throw<DomainException>().WithMessage("You are not a participant of this conversation.")
            .Where(e => e.Code == "not_a_participant" && e.Kind == DomainErrorKind.Forbidden);
        (conversation.LastSeq, conversation.Version).Should().Be((0, 0));
        elsewhere.LastReadSeq.Should().Be(0);
    }

    [Fact]
    public void A_reply_to_a_reply_joins_the_roots_thread_and_the_root_takes_the_same_version()
    {
        var conversation = Conversation.StartDirect(Alice, Bob, Now);
        var (alice, bob) = (conversation.ParticipantOf(Alice)!, conversation.ParticipantOf(Bob)!);
        var root = conversation.AppendMessage(alice, "root", null, null, [], Now);

        var reply = conversation.AppendMessage(bob, "reply", null, root, [], Now);
        var nested = conversation.AppendMessage(alice, "nested", null, reply, [], Now, threadRoot: root);

        reply.ThreadRootId.Should().Be(root.Id);
        nested.ReplyToId.Should().Be(reply.Id);
        nested.ThreadRootId.Should().Be(root.Id);
        root.ReplyCount.Should().Be(2);
        root.Version.Should().Be(nested.Version).And.Be(3);

        conversation.DeleteMessage(reply, bob, Now, threadRoot: root).Should().BeTrue();
        root.ReplyCount.Should().Be(1);
        root.Version.Should().Be(reply.Version).And.Be(4);
    }

    [Fact]
    public void A_reply_must_answer_a_live_message_of_the_same_conversation()
    {
        var conversation = Conversation.StartDirect(Alice, Bob, Now);
        var other = Conversation.StartDirect(Alice, Carol, Now);
        var foreign = other.AppendMessage(other.ParticipantOf(Alice)!, "elsewhere", null, null, [], Now);
        var alice = conversation.ParticipantOf(Alice)!;
        var gone = conversation.AppendMessage(alice, "gone", null, null, [], Now);
        conversation.DeleteMessage(gone, alice, Now);

        var (seq, version) = (conversation.LastSeq, conversation.Version);

        FluentActions.Invoking(() => conversation.AppendMessage(alice, "re", null, foreign, [], Now))
            .Should().Throw<DomainException>().WithMessage("A reply must answer a message of the same conversation.")
            .Where(e => e.Code == "validation_failed" && e.Kind == DomainErrorKind.Invalid);
        FluentActions.Invoking(() => conversation.AppendMessage(alice, "re", null, gone, [], Now))
            .Should().Throw<DomainException>().WithMessage("A deleted message cannot be answered.")
            .Where(e => e.Code == "message_deleted" && e.Kind == DomainErrorKind.Conflict);
        (conversation.LastSeq, conversation.Version).Should().Be((seq, version));
    }

    [Fact]
    public void A_reply_to_a_reply_needs_its_own_thread_root_loaded()
    {
        var conversation = Conversation.StartDirect(Alice, Bob, Now);
        var alice = conversation.ParticipantOf(Alice)!;
        var root = conversation.AppendMessage(alice, "root", null, null, [], Now);
        var reply = conversation.AppendMessage(alice, "reply", null, root, [], Now);
        var unrelated = conversation.AppendMessage(alice, "unrelated", null, null, [], Now);

        foreach (var given in new[] { null, unrelated })
        {
            FluentActions.Invoking(() => conversation.AppendMessage(alice, "nested", null, reply, [], Now, threadRoot: given))
                .Should().Throw<InvalidOperationException>().WithMessage($"The thread root {root.Id} must be loaded.");
        }

        (conversation.LastSeq, root.ReplyCount, unrelated.ReplyCount).Should().Be((3, 1, 0));
    }

    [Fact]
    public void Only_the_sender_edits_the_previous_content_is_kept_and_an_unchanged_edit_takes_no_version()
    {
        var conversation = Conversation.StartDirect(Alice, Bob, Now);
        var message = conversation.AppendMessage(conversation.ParticipantOf(Alice)!, "first", null, null, [], Now);

        conversation.EditMessage(message, Alice, "second", [Bob], Now.AddMinutes(1)).Should().BeTrue();
        conversation.EditMessage(message, Alice, " second ", [Bob], Now.AddMinutes(2)).Should().BeFalse();

        message.Content.Should().Be("second");
        message.EditedAt.Should().Be(Now.AddMinutes(1));
        message.Version.Should().Be(2);
        conversation.Version.Should().Be(2);
        message.Edits.Select(e => (e.Content, e.EditedAt)).Should().Equal(("first", Now.AddMinutes(1)));
        message.Mentions.Select(m => m.UserId).Should().Equal(Bob);
        FluentActions.Invoking(() => conversation.EditMessage(message, Bob, "mine", [], Now))
            .Should().Throw<DomainException>().Where(e => e.Code == "not_sender" && e.Kind == DomainErrorKind.Forbidden);
    }

    [Fact]
    public void Deleting_leaves_a_tombstone_once_and_only_the_sender_or_a_group_owner_may()
    {
        var group = Conversation.StartGroup(Alice, "team", [Bob, Carol], Now);
        var (owner, bob, carol) = (group.ParticipantOf(Alice)!, group.ParticipantOf(Bob)!, group.ParticipantOf(Carol)!);
        var message = group.AppendMessage(bob, "bob's", null, null, [Carol], Now);
        group.AddReaction(message, Carol, "👍", Now);
        group.EditMessage(message, Bob, "bob's, edited", [Carol], Now);

        FluentActions.Invoking(() => group.DeleteMessage(message, carol, Now)).Should().Throw<DomainException>().Where(e => e.Code == "not_sender");
        group.DeleteMessage(message, owner, Now).Should().BeTrue();
        group.DeleteMessage(message, bob, Now).Should().BeFalse();

        message.IsDeleted.Should().BeTrue();
        message.Content.Should().BeNull();
        message.Seq.Should().Be(1);
        message.Reactions.Should().BeEmpty();
        message.Mentions.Should().BeEmpty();
        message.Edits.Should().BeEmpty();
        message.Version.Should().Be(4);
        group.DomainEvents.OfType<MessageDeleted>().Should().ContainSingle().Which.Should().Be(new MessageDeleted(group.Id, message.Id, 1, 4, 0));
        FluentActions.Invoking(() => group.EditMessage(message, Bob, "back", [], Now)).Should().Throw<DomainException>().Where(e => e.Code == "message_deleted");
        FluentActions.Invoking(() => group.AddReaction(message, Bob, "👍", Now)).Should().Throw<DomainException>().Where(e => e.Code == "message_deleted");
    }

    [Fact]
    public void Reactions_are_idempotent_and_a_message_carries_at_most_twenty_different_emoji()
    {
        var conversation = Conversation.StartDirect(Alice, Bob, Now);
        var message = conversation.AppendMessage(conversation.ParticipantOf(Alice)!, "react", null, null, [], Now);

        conversation.AddReaction(message, Bob, "👍", Now).Should().BeTrue();
        conversation.AddReaction(message, Bob, "👍", Now).Should().BeFalse();
        conversation.Version.Should().Be(2);
        for (var i = 1; i < MessageLimits.MaxDistinctReactions; i++)
        {
            conversation.AddReaction(message, Alice, Emoji(i), Now).Should().BeTrue();
        }

        FluentActions.Invoking(() => conversation.AddReaction(message, Bob, "🦊", Now))
            .Should().Throw<DomainException>().Where(e => e.Code == "too_many_reactions" && e.Kind == DomainErrorKind.Conflict);
        conversation.AddReaction(message, Alice, "👍", Now).Should().BeTrue();
        conversation.RemoveReaction(message, Bob, "👍", Now).Should().BeTrue();
        conversation.RemoveReaction(message, Bob, "👍", Now).Should().BeFalse();
        message.Version.Should().Be(conversation.Version);
        FluentActions.Invoking(() => conversation.AddReaction(message, Bob, "two words", Now)).Should().Throw<DomainException>();
    }

    [Fact]
    public void Read_and_delivery_markers_only_move_forward_and_never_past_the_last_seq()
    {
        var conversation = Conversation.StartDirect(Alice, Bob, Now);
        var alice = conversation.ParticipantOf(Alice)!;
        var bob = conversation.ParticipantOf(Bob)!;
        for (var i = 0; i < 5; i++)
        {
            conversation.AppendMessage(alice, $"m{i}", null, null, [], Now);
        }

        bob.MarkDelivered(2, conversation.LastSeq).Should().BeTrue();
        bob.MarkRead(3, conversation.LastSeq).Should().BeTrue();
        bob.MarkRead(1, conversation.LastSeq).Should().BeFalse();
        bob.MarkDelivered(2, conversation.LastSeq).Should().BeFalse();
        bob.MarkRead(50, conversation.LastSeq).Should().BeTrue();

        bob.LastReadSeq.Should().Be(5);
        bob.LastDeliveredSeq.Should().Be(5);
        bob.DomainEvents.Should().Equal(
            new MessagesDelivered(conversation.Id, Bob, 2), new MessagesRead(conversation.Id, Bob, 3), new MessagesRead(conversation.Id, Bob, 5));
    }

    [Fact]
    public void A_group_has_one_owner_who_manages_members_up_to_the_limit()
    {
        var group = Conversation.StartGroup(Alice, "  Team  ", [Bob, Bob, Alice], Now);
        var owner = group.ParticipantOf(Alice)!;
        var bob = group.ParticipantOf(Bob)!;

        group.Title.Should().Be("Team");
        group.Participants.Should().HaveCount(2);
        owner.Role.Should().Be(ParticipantRole.Owner);
        FluentActions.Invoking(() => group.AddMembers(bob, [Carol], Now)).Should().Throw<DomainException>().Where(e => e.Code == "not_owner");
        group.AddMembers(owner, [Carol, Bob], Now).Select(p => p.UserId).Should().Equal(Carol);
        group.AddMembers(owner, [Carol], Now).Should().BeEmpty();

        var crowd = Enumerable.Range(0, ConversationLimits.MaxGroupMembers - 3).Select(_ => Guid.CreateVersion7()).ToList();
        group.AddMembers(owner, crowd, Now);
        group.Participants.Should().HaveCount(ConversationLimits.MaxGroupMembers);
        FluentActions.Invoking(() => group.AddMembers(owner, [Guid.CreateVersion7()], Now))
            .Should().Throw<DomainException>().Where(e => e.Code == "too_many_members");
        FluentActions.Invoking(() => Conversation.StartGroup(Alice, "big", Enumerable.Range(0, ConversationLimits.MaxGroupMembers).Select(_ => Guid.CreateVersion7()), Now))
            .Should().Throw<DomainException>().Where(e => e.Code == "too_many_members");
    }

    [Fact]
    public void Members_join_with_the_history_read_and_leave_by_themselves_or_by_the_owner()
    {
        var group = Conversation.StartGroup(Alice, "team", [Bob], Now);
        var owner = group.ParticipantOf(Alice)!;
        group.AppendMessage(owner, "before carol", null, null, [], Now);
        var carol = group.AddMembers(owner, [Carol], Now.AddMinutes(1)).Single();

        carol.LastReadSeq.Should().Be(1);
        FluentActions.Invoking(() => group.RemoveMember(carol, Bob, Now)).Should().Throw<DomainException>().Where(e => e.Code == "not_owner");
        group.RemoveMember(carol, Carol, Now);
        group.RemoveMember(owner, Bob, Now);
        FluentActions.Invoking(() => group.RemoveMember(owner, Bob, Now)).Should().Throw<DomainException>().Where(e => e.Kind == DomainErrorKind.NotFound);

        group.Participants.Select(p => p.UserId).Should().Equal(Alice);
        group.DomainEvents.OfType<ParticipantRemoved>().Should().Equal(new ParticipantRemoved(group.Id, Carol, null), new ParticipantRemoved(group.Id, Bob, null));
    }

    [Fact]
    public void When_the_owner_leaves_the_longest_standing_member_takes_over()
    {
        var group = Conversation.StartGroup(Alice, "team", [], Now);
        var owner = group.ParticipantOf(Alice)!;
        group.AddMembers(owner, [Carol], Now.AddMinutes(2));
        group.AddMembers(owner, [Bob], Now.AddMinutes(1));

        group.RemoveMember(owner, Alice, Now.AddMinutes(3));

        group.ParticipantOf(Bob)!.Role.Should().Be(ParticipantRole.Owner);
        group.ParticipantOf(Carol)!.Role.Should().Be(ParticipantRole.Member);
        group.DomainEvents.OfType<ParticipantRemoved>().Single().NewOwnerId.Should().Be(Bob);
    }

    [Fact]
    public void Only_the_owner_renames_a_group_and_direct_conversations_have_no_details()
    {
        var group = Conversation.StartGroup(Alice, "old", [Bob], Now);
        var direct = Conversation.StartDirect(Alice, Bob, Now);

        group.UpdateDetails(group.ParticipantOf(Alice)!, " new ", "topic", Now);
        group.UpdateDetails(group.ParticipantOf(Alice)!, null, string.Empty, Now);

        group.Title.Should().Be("new");
        group.Topic.Should().BeNull();
        group.DomainEvents.OfType<ConversationDetailsChanged>().Should().HaveCount(2);
        FluentActions.Invoking(() => group.UpdateDetails(group.ParticipantOf(Bob)!, "mine", null, Now)).Should().Throw<DomainException>().Where(e => e.Code == "not_owner");
        FluentActions.Invoking(() => direct.UpdateDetails(direct.ParticipantOf(Alice)!, "ours", null, Now)).Should().Throw<DomainException>().Where(e => e.Code == "not_a_group");
        FluentActions.Invoking(() => group.UpdateDetails(group.ParticipantOf(Alice)!, new string('t', 101), null, Now)).Should().Throw<DomainException>();
    }

    // Twenty distinct emoji, none of them 👍 or 🦊: 😀 U+1F600 onwards.
    private static string Emoji(int i) => char.ConvertFromUtf32(0x1F600 + i);
}
