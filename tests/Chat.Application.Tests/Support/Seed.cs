using Chat.Domain.Conversations;
using Chat.Domain.Friends;
using Chat.Domain.Messages;
using Chat.Domain.Rooms;
using Chat.Domain.Users;
using Chat.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Tests.Support;

/// <summary>
/// Puts the world a test starts from into the database through the domain's own methods (so every row is one the
/// application could have written), at <see cref="ApplicationTestHost.Now"/>. Seeding dispatches no domain events
/// and calls no notifier: what a test observes comes from the request under test.
/// </summary>
public sealed class Seed(ApplicationTestHost host)
{
    private int _users;

    /// <summary>A registered user (password hash "hash"); a unique username when none is given.</summary>
    public Task<User> UserAsync(string? username = null, string? displayName = null) =>
        SaveAsync(db =>
        {
            var user = User.Register(username ?? $"user{Interlocked.Increment(ref _users)}", displayName, "hash", host.Now);
            db.Set<User>().Add(user);
            return Task.FromResult(user);
        });

    /// <summary>Several users at once: <c>var (alice, bob) = await Given.UsersAsync("alice", "bob")</c> via deconstruction of the list.</summary>
    public async Task<User[]> UsersAsync(params string[] usernames)
    {
        var users = new User[usernames.Length];
        for (var i = 0; i < usernames.Length; i++)
        {
            users[i] = await UserAsync(usernames[i]);
        }

        return users;
    }

    /// <summary><paramref name="requester"/> asked <paramref name="addressee"/> to be friends (pending).</summary>
    public Task<Friendship> FriendRequestAsync(User requester, User addressee) =>
        SaveAsync(db =>
        {
            var friendship = Friendship.Request(requester.Id, addressee.Id, [], host.Now);
            db.Set<Friendship>().Add(friendship);
            return Task.FromResult(friendship);
        });

    /// <summary><paramref name="a"/> asked and <paramref name="b"/> accepted: friends.</summary>
    public Task<Friendship> FriendsAsync(User a, User b) =>
        SaveAsync(db =>
        {
            var friendship = Friendship.Request(a.Id, b.Id, [], host.Now);
            friendship.Accept(b.Id, [], host.Now);
            db.Set<Friendship>().Add(friendship);
            return Task.FromResult(friendship);
        });

    /// <summary><paramref name="blocker"/> blocks <paramref name="blocked"/>, ending a friendship or request between them.</summary>
    public Task<Block> BlockAsync(User blocker, User blocked) =>
        SaveAsync(async db =>
        {
            var (low, high) = Friendship.Order(blocker.Id, blocked.Id);
            var between = await db.Set<Friendship>().AsTracking().SingleOrDefaultAsync(f => f.UserLowId == low && f.UserHighId == high);
            var block = Block.Place(blocker.Id, blocked.Id, between, host.Now);
            if (between is not null)
            {
                db.Set<Friendship>().Remove(between);
            }

            db.Set<Block>().Add(block);
            return block;
        });

    /// <summary>A direct conversation between <paramref name="starter"/> and <paramref name="other"/> (no friendship needed here).</summary>
    public Task<Conversation> DirectAsync(User starter, User other) =>
        SaveAsync(db =>
        {
            var conversation = Conversation.StartDirect(starter.Id, other.Id, host.Now);
            db.Set<Conversation>().Add(conversation);
            return Task.FromResult(conversation);
        });

    /// <summary>A group owned by <paramref name="owner"/> with <paramref name="members"/>.</summary>
    public Task<Conversation> GroupAsync(User owner, string title, params User[] members) =>
        SaveAsync(db =>
        {
            var conversation = Conversation.StartGroup(owner.Id, title, members.Select(m => m.Id), host.Now);
            db.Set<Conversation>().Add(conversation);
            return Task.FromResult(conversation);
        });

    /// <summary>
    /// A message from <paramref name="sender"/> through <c>Conversation.AppendMessage</c> (next seq and version, the
    /// sender's read marker moved). In a channel, the sender's read row is made when missing, as the send handler does.
    /// </summary>
    public Task<Message> MessageAsync(Guid conversationId, User sender, string content = "hello", string? clientMessageId = null, Guid? replyToId = null) =>
        SaveAsync(async db =>
        {
            var conversation = await db.Set<Conversation>().AsTracking().Include(c => c.Participants).SingleAsync(c => c.Id == conversationId);
            var replyTo = replyToId is { } id ? await db.Set<Message>().AsTracking().SingleAsync(m => m.Id == id) : null;
            var root = replyTo?.ThreadRootId is { } rootId ? await db.Set<Message>().AsTracking().SingleAsync(m => m.Id == rootId) : null;
            var participant = conversation.ParticipantOf(sender.Id);
            if (participant is null && conversation.RoomId is { } roomId
                && await db.Set<RoomMember>().SingleOrDefaultAsync(m => m.RoomId == roomId && m.UserId == sender.Id) is { } member)
            {
                participant = conversation.AdmitRoomMember(sender.Id, member.JoinedAt);
            }

            var message = conversation.AppendMessage(
                participant ?? throw new InvalidOperationException($"{sender.Username} is not a participant."), content, clientMessageId, replyTo, [], host.Now, root);

            db.Set<Message>().Add(message);
            return message;
        });

    /// <summary>A room owned by <paramref name="owner"/> with its <c>general</c> channel; <paramref name="members"/> are added by the owner (and read every channel).</summary>
    public Task<SeededRoom> RoomAsync(User owner, string name = "room", bool isPublic = true, params User[] members) =>
        SaveAsync(db =>
        {
            var (room, general) = Room.Create(owner.Id, name, null, null, isPublic, host.Now);
            foreach (var member in members)
            {
                room.AddMember(owner.Id, member.Id, host.Now);
                general.AdmitRoomMember(member.Id, host.Now);
            }

            db.Set<Room>().Add(room);
            db.Set<Conversation>().Add(general);
            return Task.FromResult(new SeededRoom(room, general));
        });

    /// <summary>Makes <paramref name="member"/> hold <paramref name="role"/> in the room (the owner grants it).</summary>
    public Task RoleAsync(SeededRoom room, User member, RoomRole role) =>
        SaveAsync(async db =>
        {
            var loaded = await db.Set<Room>().AsTracking().Include(r => r.Members).SingleAsync(r => r.Id == room.Id);
            loaded.ChangeRole(loaded.OwnerId, member.Id, role);
            return true;
        });

    /// <summary>A channel made by <paramref name="actor"/> (admin+), readable by every member of the room.</summary>
    public Task<Conversation> ChannelAsync(SeededRoom room, User actor, string name, ChannelType type = ChannelType.Text, int position = 1) =>
        SaveAsync(async db =>
        {
            var loaded = await db.Set<Room>().AsTracking().Include(r => r.Members).SingleAsync(r => r.Id == room.Id);
            var channel = loaded.CreateChannel(actor.Id, name, type, null, position, host.Now);
            db.Set<Conversation>().Add(channel);
            return channel;
        });

    /// <summary>An invite to the room made by <paramref name="actor"/>.</summary>
    public Task<RoomInvite> InviteAsync(SeededRoom room, User actor, int? maxUses = null, TimeSpan? lifetime = null) =>
        SaveAsync(async db =>
        {
            var loaded = await db.Set<Room>().AsTracking().Include(r => r.Members).Include(r => r.Invites).SingleAsync(r => r.Id == room.Id);
            return loaded.CreateInvite(actor.Id, RoomInvite.NewCode(), maxUses, lifetime, host.Now);
        });

    /// <summary>Bans <paramref name="user"/> from the room (the owner bans) and takes them off its channels.</summary>
    public Task BanAsync(SeededRoom room, User user, string? reason = null) =>
        SaveAsync(async db =>
        {
            var loaded = await db.Set<Room>().AsTracking().Include(r => r.Members).Include(r => r.Bans).SingleAsync(r => r.Id == room.Id);
            loaded.Ban(loaded.OwnerId, user.Id, reason, host.Now);
            await db.Set<ConversationParticipant>()
                .Where(p => p.UserId == user.Id && db.Set<Conversation>().Any(c => c.Id == p.ConversationId && c.RoomId == room.Id))
                .ExecuteDeleteAsync();
            return true;
        });

    /// <summary>Runs <paramref name="work"/> on a context that dispatches nothing, then saves.</summary>
    public async Task<T> SaveAsync<T>(Func<ChatDbContext, Task<T>> work)
    {
        await using var db = new ChatDbContext(host.Database.Options());
        var result = await work(db);
        await db.SaveChangesAsync();
        return result;
    }
}

/// <summary>A seeded room and its <c>general</c> channel.</summary>
public sealed record SeededRoom(Room Room, Conversation General)
{
    public Guid Id => Room.Id;
}
