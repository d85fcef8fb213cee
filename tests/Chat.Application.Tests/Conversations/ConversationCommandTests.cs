using Chat.Application.Common.Exceptions;
using Chat.Application.Features.Conversations;
using Chat.Application.Features.Conversations.AddMembers;
using Chat.Application.Features.Conversations.CreateDirectConversation;
using Chat.Application.Features.Conversations.CreateGroupConversation;
using Chat.Application.Features.Conversations.Events;
using Chat.Application.Features.Conversations.RemoveMember;
using Chat.Application.Features.Conversations.UpdateConversation;
using Chat.Application.Tests.Support;
using Chat.Domain.Common;
using Chat.Domain.Conversations;
using Chat.Domain.Conversations.Events;
using Chat.Domain.Users;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Chat.Application.Tests.Conversations;

/// <summary>Starting direct conversations and groups, and changing a group's details and members.</summary>
[Covers(typeof(CreateDirectConversationCommandHandler), typeof(CreateGroupConversationCommandHandler), typeof(ConversationStartedHandler))]
[Covers(typeof(AddMembersCommandHandler), typeof(ParticipantsAddedHandler))]
[Covers(typeof(RemoveMemberCommandHandler), typeof(ParticipantRemovedHandler))]
[Covers(typeof(UpdateConversationCommandHandler), typeof(ConversationDetailsChangedHandler))]
public sealed class ConversationCommandTests : HandlerTest
{
    private User _alice = null!;
    private User _bob = null!;
    private User _carol = null!;
    private User _dave = null!;

    protected override async Task ArrangeAsync()
    {
        var users = await Given.UsersAsync("alice", "bob", "carol", "dave");
        (_alice, _bob, _carol, _dave) = (users[0], users[1], users[2], users[3]);
        await Given.FriendsAsync(_alice, _bob);
        await Given.FriendsAsync(_alice, _carol);
    }

    // ---- direct -------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_direct_conversation_with_a_friend_is_created_once_and_found_the_second_time()
    {
        var created = await SendAs(_alice.Id, new CreateDirectConversationCommand(_bob.Id));
        var again = await SendAs(_bob.Id, new CreateDirectConversationCommand(_alice.Id));

        created.Created.Should().BeTrue();
        created.Conversation.Kind.Should().Be(ConversationKind.Direct);
        created.Conversation.Participants!.Select(p => p.Id).Should().BeEquivalentTo([_alice.Id, _bob.Id]);
        again.Created.Should().BeFalse();
        again.Conversation.Id.Should().Be(created.Conversation.Id);
        var row = (await Host.RowsAsync<Conversation>()).Should().ContainSingle().Subject;
        row.DirectKey.Should().Be(Conversation.DirectKeyOf(_alice.Id, _bob.Id));
        row.CreatedAt.Should().Be(Host.Now);
        Host.Raised<ConversationStarted>().Should().Equal(new ConversationStarted(created.Conversation.Id));
        Host.Published<ConversationCreatedEvent>().Should().HaveCount(2).And.OnlyContain(e => e.Conversation.Id == created.Conversation.Id && e.Type == "conversation_created");
    }

    [Fact]
    public async Task A_direct_conversation_with_yourself_is_refused()
    {
        await Refused<BadRequestException>(() => SendAs(_alice.Id, new CreateDirectConversationCommand(_alice.Id)), "cannot_message_self");
    }

    [Fact]
    public async Task A_direct_conversation_with_an_unknown_user_is_not_found()
    {
        await Refused<NotFoundException>(() => SendAs(_alice.Id, new CreateDirectConversationCommand(Guid.NewGuid())), "not_found");
        await Invalid(() => SendAs(_alice.Id, new CreateDirectConversationCommand(Guid.Empty)), "userId");
    }

    [Fact]
    public async Task A_direct_conversation_across_a_block_is_refused_either_way_even_when_it_exists()
    {
        await Given.DirectAsync(_alice, _bob);
        await Given.BlockAsync(_bob, _alice);

        var refusal = await Refused<ForbiddenException>(() => SendAs(_alice.Id, new CreateDirectConversationCommand(_bob.Id)), "blocked");

        refusal.Message.Should().Be("You cannot start a conversation with this user.");
    }

    [Fact]
    public async Task A_direct_conversation_needs_friendship_unless_configured_off()
    {
        await Refused<ForbiddenException>(() => SendAs(_alice.Id, new CreateDirectConversationCommand(_dave.Id)), "not_friends");
        (await Host.RowsAsync<Conversation>()).Should().BeEmpty();

        await using var open = await ApplicationTestHost.CreateAsync(s => s.AddSingleton(new DirectMessageOptions(RequireFriendship: false)));
        var (x, y) = (await open.Given.UserAsync("x"), await open.Given.UserAsync("y"));
        (await open.As(x.Id).SendAsync(new CreateDirectConversationCommand(y.Id))).Created.Should().BeTrue();
    }

    [Fact]
    public async Task An_existing_direct_conversation_is_returned_even_when_friendship_has_ended()
    {
        var existing = await Given.DirectAsync(_alice, _dave);

        var result = await SendAs(_alice.Id, new CreateDirectConversationCommand(_dave.Id));

        result.Created.Should().BeFalse();
        result.Conversation.Id.Should().Be(existing.Id);
    }

    // ---- group --------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_group_is_owned_by_its_creator_and_holds_the_named_friends_once()
    {
        var group = await SendAs(_alice.Id, new CreateGroupConversationCommand("  Team  ", [_bob.Id, _carol.Id, _bob.Id, _alice.Id]));

        group.Title.Should().Be("Team");
        group.Kind.Should().Be(ConversationKind.Group);
        group.Participants!.Should().HaveCount(3);
        group.Participants!.Single(p => p.Id == _alice.Id).Role.Should().Be(ParticipantRole.Owner);
        group.Participants!.Where(p => p.Id != _alice.Id).Should().OnlyContain(p => p.Role == ParticipantRole.Member);
        (await Host.RowsAsync<ConversationParticipant>()).Should().HaveCount(3);
        Host.Raised<ConversationStarted>().Should().Equal(new ConversationStarted(group.Id));
        Host.Published<ConversationCreatedEvent>().Should().HaveCount(3).And.OnlyContain(e => e.Conversation.Id == group.Id);
    }

    [Fact]
    public async Task A_group_with_a_stranger_or_an_unknown_user_is_refused_and_stores_nothing()
    {
        await Refused<ForbiddenException>(() => SendAs(_alice.Id, new CreateGroupConversationCommand("t", [_bob.Id, _dave.Id])), "not_friends");
        await Refused<NotFoundException>(() => SendAs(_alice.Id, new CreateGroupConversationCommand("t", [Guid.NewGuid()])), "not_found");

        (await Host.RowsAsync<Conversation>()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_group_spends_a_CreateConversation_permit()
    {
        Host.RateLimiter.TryAcquire("CreateConversation", _alice.Id.ToString()).Returns(30);

        await ((Func<Task>)(() => SendAs(_alice.Id, new CreateGroupConversationCommand("t", [_bob.Id])))).Should().ThrowAsync<RateLimitedException>();
    }

    [Fact]
    public async Task Group_shape_is_checked_at_its_limits()
    {
        var longest = new string('t', ConversationLimits.TitleMaxLength);
        var tooMany = Enumerable.Range(0, ConversationLimits.MaxGroupMembers).Select(_ => Guid.NewGuid()).ToList();

        (await SendAs(_alice.Id, new CreateGroupConversationCommand(longest, [_bob.Id]))).Title.Should().Be(longest);
        await Invalid(() => SendAs(_alice.Id, new CreateGroupConversationCommand(longest + "t", [_bob.Id])), "title");
        await Invalid(() => SendAs(_alice.Id, new CreateGroupConversationCommand("  ", [_bob.Id])), "title");
        await Invalid(() => SendAs(_alice.Id, new CreateGroupConversationCommand("t", null)), "memberIds");
        await Invalid(() => SendAs(_alice.Id, new CreateGroupConversationCommand("t", [Guid.Empty])), "memberIds");
        await Invalid(() => SendAs(_alice.Id, new CreateGroupConversationCommand("t", tooMany)), "memberIds");
        await Refused<NotFoundException>(() => SendAs(_alice.Id, new CreateGroupConversationCommand("t", tooMany.Skip(1).ToList())), "not_found");
    }

    // ---- add members --------------------------------------------------------------------------------------------------

    [Fact]
    public async Task The_owner_adds_friends_who_start_with_nothing_unread_and_hear_conversation_created()
    {
        var group = await Given.GroupAsync(_alice, "team", _bob);
        await Given.MessageAsync(group.Id, _bob, "before carol");

        var updated = await SendAs(_alice.Id, new AddMembersCommand(group.Id, [_carol.Id, _bob.Id]));

        updated.Participants!.Select(p => p.Id).Should().BeEquivalentTo([_alice.Id, _bob.Id, _carol.Id]);
        var carol = (await Host.RowsAsync<ConversationParticipant>()).Single(p => p.UserId == _carol.Id);
        carol.LastReadSeq.Should().Be(1);
        carol.Role.Should().Be(ParticipantRole.Member);
        Host.Raised<ParticipantsAdded>().Should().ContainSingle().Which.UserIds.Should().Equal(_carol.Id);
        Host.Published<MemberJoinedEvent>().Should().ContainSingle().Which.Should().Match<MemberJoinedEvent>(e => e.User.Id == _carol.Id && e.ConversationId == group.Id);
        Host.Published<ConversationCreatedEvent>().Should().ContainSingle().Which.Conversation.Id.Should().Be(group.Id);
        Host.Published<ConversationUpdatedEvent>().Should().HaveCount(2);
    }

    [Fact]
    public async Task Adding_only_present_members_changes_nothing()
    {
        var group = await Given.GroupAsync(_alice, "team", _bob);

        await SendAs(_alice.Id, new AddMembersCommand(group.Id, [_bob.Id]));

        Host.Events.Should().BeEmpty();
    }

    [Fact]
    public async Task Only_the_owner_adds_only_friends_and_a_refusal_adds_no_one()
    {
        var group = await Given.GroupAsync(_alice, "team", _bob);

        await Refused<DomainException>(() => SendAs(_bob.Id, new AddMembersCommand(group.Id, [_carol.Id])), "not_owner");
        await Refused<ForbiddenException>(() => SendAs(_alice.Id, new AddMembersCommand(group.Id, [_carol.Id, _dave.Id])), "not_friends");
        await Refused<NotFoundException>(() => SendAs(_alice.Id, new AddMembersCommand(group.Id, [Guid.NewGuid()])), "not_found");
        await Refused<ForbiddenException>(() => SendAs(_dave.Id, new AddMembersCommand(group.Id, [_carol.Id])), "not_a_participant");
        await Invalid(() => SendAs(_alice.Id, new AddMembersCommand(group.Id, [])), "userIds");

        (await Host.RowsAsync<ConversationParticipant>()).Should().HaveCount(2);
        Host.Events.Should().BeEmpty();
    }

    [Fact]
    public async Task A_direct_conversation_takes_no_members()
    {
        var direct = await Given.DirectAsync(_alice, _bob);

        await Refused<DomainException>(() => SendAs(_alice.Id, new AddMembersCommand(direct.Id, [_carol.Id])), "not_a_group");
        await Refused<DomainException>(() => SendAs(_alice.Id, new RemoveMemberCommand(direct.Id, _bob.Id)), "not_a_group");
    }

    // ---- remove member ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task The_owner_removes_a_member_who_hears_member_left_with_the_rest()
    {
        var group = await Given.GroupAsync(_alice, "team", _bob, _carol);

        await SendAs(_alice.Id, new RemoveMemberCommand(group.Id, _bob.Id));

        (await Host.RowsAsync<ConversationParticipant>()).Select(p => p.UserId).Should().BeEquivalentTo([_alice.Id, _carol.Id]);
        Host.Raised<ParticipantRemoved>().Should().Equal(new ParticipantRemoved(group.Id, _bob.Id, null));
        Host.Published<MemberLeftEvent>().Should().ContainSingle().Which.Should().Match<MemberLeftEvent>(e => e.User.Id == _bob.Id && e.Type == "member_left");
        Host.Published<ConversationUpdatedEvent>().Should().HaveCount(2);
    }

    [Fact]
    public async Task When_the_owner_leaves_the_longest_standing_member_becomes_owner()
    {
        var group = await Given.GroupAsync(_alice, "team", _bob);
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        await SendAs(_alice.Id, new AddMembersCommand(group.Id, [_carol.Id]));

        await SendAs(_alice.Id, new RemoveMemberCommand(group.Id, _alice.Id));

        (await Host.RowsAsync<ConversationParticipant>()).Single(p => p.UserId == _bob.Id).Role.Should().Be(ParticipantRole.Owner);
        Host.Raised<ParticipantRemoved>().Should().Equal(new ParticipantRemoved(group.Id, _alice.Id, _bob.Id));
    }

    [Fact]
    public async Task A_member_may_leave_but_not_remove_others()
    {
        var group = await Given.GroupAsync(_alice, "team", _bob, _carol);

        await Refused<DomainException>(() => SendAs(_bob.Id, new RemoveMemberCommand(group.Id, _carol.Id)), "not_owner");
        await Refused<DomainException>(() => SendAs(_alice.Id, new RemoveMemberCommand(group.Id, _dave.Id)), "not_found");
        await SendAs(_bob.Id, new RemoveMemberCommand(group.Id, _bob.Id));

        (await Host.RowsAsync<ConversationParticipant>()).Select(p => p.UserId).Should().BeEquivalentTo([_alice.Id, _carol.Id]);
    }

    // ---- update -------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task The_owner_renames_and_retopics_a_group_and_everyone_hears_conversation_updated()
    {
        var group = await Given.GroupAsync(_alice, "team", _bob);
        Host.Clock.Advance(TimeSpan.FromMinutes(2));

        var updated = await SendAs(_alice.Id, new UpdateConversationCommand(group.Id, " Crew ", "plans"));

        updated.Title.Should().Be("Crew");
        updated.Topic.Should().Be("plans");
        updated.UpdatedAt.Should().Be(Host.Now);
        Host.Raised<ConversationDetailsChanged>().Should().Equal(new ConversationDetailsChanged(group.Id));
        Host.Published<ConversationUpdatedEvent>().Should().HaveCount(2).And.OnlyContain(e => e.Conversation.Title == "Crew" && e.Type == "conversation_updated");

        var cleared = await SendAs(_alice.Id, new UpdateConversationCommand(group.Id, null, ""));
        cleared.Title.Should().Be("Crew");
        cleared.Topic.Should().BeNull();
    }

    [Fact]
    public async Task Only_the_owner_updates_and_the_shape_is_checked_at_its_limits()
    {
        var group = await Given.GroupAsync(_alice, "team", _bob);
        var longestTopic = new string('p', ConversationLimits.TopicMaxLength);

        await Refused<DomainException>(() => SendAs(_bob.Id, new UpdateConversationCommand(group.Id, "mine", null)), "not_owner");
        await Refused<ForbiddenException>(() => SendAs(_dave.Id, new UpdateConversationCommand(group.Id, "mine", null)), "not_a_participant");
        (await SendAs(_alice.Id, new UpdateConversationCommand(group.Id, null, longestTopic))).Topic.Should().Be(longestTopic);
        await Invalid(() => SendAs(_alice.Id, new UpdateConversationCommand(group.Id, null, longestTopic + "p")), "topic");
        await Invalid(() => SendAs(_alice.Id, new UpdateConversationCommand(group.Id, new string('t', ConversationLimits.TitleMaxLength + 1), null)), "title");
    }

    [Fact]
    public async Task A_channel_is_updated_by_its_rooms_admins_only()
    {
        var room = await Given.RoomAsync(_alice, "guild", true, _bob);

        var updated = await SendAs(_alice.Id, new UpdateConversationCommand(room.General.Id, "lobby", "welcome"));
        var refusal = () => SendAs(_bob.Id, new UpdateConversationCommand(room.General.Id, "mine", null));

        updated.Title.Should().Be("lobby");
        updated.Topic.Should().Be("welcome");
        await Refused<DomainException>(refusal, "role_too_low");
    }
}
