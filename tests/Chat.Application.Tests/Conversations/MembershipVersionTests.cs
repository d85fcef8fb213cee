using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Conversations.AddMembers;
using Chat.Application.Features.Conversations.RemoveMember;
using Chat.Application.Features.Messages.Events;
using Chat.Application.Features.Messages.SendMessage;
using Chat.Application.Features.Rooms.KickRoomMember;
using Chat.Application.Tests.Support;
using Chat.Domain.Conversations;
using Chat.Domain.Messages.Events;
using Chat.Domain.Users;
using Chat.Infrastructure.Persistence;
using Chat.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Application.Tests.Conversations;

/// <summary>
/// Issue 13, "a removed member receives nothing more on any node" (docs/scale-out.md "Recipient cache"): every
/// membership change advances the conversation's membership version in its own transaction, message events carry the
/// version read under the conversation's lock, and cached recipients older than an event's version are read again.
/// Real SQLite file, the server's <see cref="RecipientChangeInterceptor"/>.
/// </summary>
[Covers(typeof(RemoveMemberCommandHandler), typeof(KickRoomMemberCommandHandler), typeof(AddMembersCommandHandler))]
public sealed class MembershipVersionTests : HandlerTest
{
    private readonly RecipientCache _cache = new(TimeProvider.System);
    private User _owner = null!;
    private User _member = null!;
    private User _other = null!;

    protected override void Configure(IServiceCollection services) =>
        services.ConfigureDbContext<ChatDbContext>(o => o.AddInterceptors(new RecipientChangeInterceptor(_cache)));

    protected override async Task ArrangeAsync()
    {
        var users = await Given.UsersAsync("owner", "member", "other");
        (_owner, _member, _other) = (users[0], users[1], users[2]);
        await Given.FriendsAsync(_owner, _member);
        await Given.FriendsAsync(_owner, _other);
    }

    [Fact]
    public async Task A_removal_advances_the_version_and_the_next_message_event_carries_it_so_an_older_cached_entry_is_not_used()
    {
        var group = await Given.GroupAsync(_owner, "team", _member);
        await SendAs(_owner.Id, new SendMessageCommand(group.Id, "before"));
        Host.Raised<MessageSent>().Single().MembershipVersion.Should().Be(0);

        // The entry another node would hold: read before the removal, never invalidated.
        var before = await RecipientsAsync(group.Id, 0);
        before.UserIds.Should().BeEquivalentTo([_owner.Id, _member.Id]);

        await SendAs(_owner.Id, new RemoveMemberCommand(group.Id, _member.Id));
        (await VersionOfAsync(group.Id)).Should().Be(1);

        await SendAs(_owner.Id, new SendMessageCommand(group.Id, "after"));
        var sent = Host.Raised<MessageSent>()[^1];
        sent.MembershipVersion.Should().Be(1, "the send read the version under the conversation's lock, after the removal committed");

        _cache.Invalidate(group.Id); // this node's own drop, which the other nodes get late: put the old entry back
        await RecipientsAsync(group.Id, 0, () => ValueTask.FromResult(before));
        var after = await RecipientsAsync(group.Id, sent.MembershipVersion);
        after.UserIds.Should().Equal([_owner.Id], "the version 0 entry is too old for a version 1 event");
        after.MembershipVersion.Should().Be(1);
        _cache.Stale.Should().Be(1);
    }

    [Fact]
    public async Task Adding_members_advances_the_version_and_message_changes_carry_it()
    {
        var group = await Given.GroupAsync(_owner, "team", _member);
        var message = await Given.MessageAsync(group.Id, _owner);

        await SendAs(_owner.Id, new AddMembersCommand(group.Id, [_other.Id]));
        (await VersionOfAsync(group.Id)).Should().Be(1);

        await SendAs(_owner.Id, new Features.Messages.EditMessage.EditMessageCommand(message.Id, "edited"));
        Host.Raised<MessageEdited>().Single().MembershipVersion.Should().Be(1);
    }

    [Fact]
    public async Task Kicking_a_room_member_advances_every_channel_of_the_room_and_nothing_else()
    {
        var room = await Given.RoomAsync(_owner, "guild", true, _member);
        var second = await Given.ChannelAsync(room, _owner, "second");
        var elsewhere = await Given.GroupAsync(_owner, "team", _member);

        await SendAs(_owner.Id, new KickRoomMemberCommand(room.Id, _member.Id));

        (await VersionOfAsync(room.General.Id)).Should().Be(1);
        (await VersionOfAsync(second.Id)).Should().Be(1);
        (await VersionOfAsync(elsewhere.Id)).Should().Be(0);
        await SendAs(_owner.Id, new SendMessageCommand(second.Id, "after the kick"));
        Host.Raised<MessageSent>()[^1].MembershipVersion.Should().Be(1);
    }

    [Fact]
    public async Task A_membership_change_saved_without_a_transaction_commits_its_version_with_it_or_not_at_all()
    {
        var group = await Given.GroupAsync(_owner, "team", _member, _other);

        // The save fails after the version's UPDATE ran (a second account with a taken username): both are rolled back.
        var failing = async () => await Host.WithDbAsync(async db =>
        {
            var conversation = await db.Set<Conversation>().AsTracking().Include(c => c.Participants).SingleAsync(c => c.Id == group.Id);
            conversation.RemoveMember(conversation.ParticipantOf(_owner.Id)!, _member.Id, Host.Now);
            db.Set<User>().Add(User.Register(_other.Username, "x", "hash", Host.Now));
            return await db.SaveChangesAsync();
        });
        await failing.Should().ThrowAsync<DbUpdateException>();
        (await VersionOfAsync(group.Id)).Should().Be(0);
        (await Host.RowsAsync<ConversationParticipant>()).Where(p => p.ConversationId == group.Id).Select(p => p.UserId).Should().Contain(_member.Id);

        await Host.WithDbAsync(async db =>
        {
            var conversation = await db.Set<Conversation>().AsTracking().Include(c => c.Participants).SingleAsync(c => c.Id == group.Id);
            conversation.RemoveMember(conversation.ParticipantOf(_owner.Id)!, _member.Id, Host.Now);
            db.Database.CurrentTransaction.Should().BeNull();
            await db.SaveChangesAsync();
            conversation.MembershipVersion.Should().Be(1, "the tracked conversation learns the value its UPDATE wrote");
            db.Database.CurrentTransaction.Should().BeNull("the transaction the save needed is committed and gone");
            return true;
        });
        (await VersionOfAsync(group.Id)).Should().Be(1);
        (await Host.RowsAsync<ConversationParticipant>()).Where(p => p.ConversationId == group.Id).Select(p => p.UserId).Should().NotContain(_member.Id);
    }

    private Task<long> VersionOfAsync(Guid conversationId) =>
        Host.WithDbAsync(db => db.Set<Conversation>().Where(c => c.Id == conversationId).Select(c => c.MembershipVersion).SingleAsync());

    private async Task<ConversationRecipients> RecipientsAsync(Guid conversationId, long? version, Func<ValueTask<ConversationRecipients>>? load = null)
    {
        await using var scope = Host.Service<IServiceScopeFactory>().CreateAsyncScope();
        var stored = scope.ServiceProvider.GetRequiredService<StoredConversationRecipients>();
        return await _cache.GetOrLoadAsync(conversationId, version, ct => load is null ? stored.OfAsync(conversationId, version, ct) : load(), CancellationToken.None);
    }
}
