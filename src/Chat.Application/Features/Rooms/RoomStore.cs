using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms;
using Chat.Domain.Rooms.Events;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Rooms;

/// <summary>
/// Loads the part of a <see cref="Room"/> a command touches — the room with the memberships and bans of the named users
/// (the actor and its target), never the whole member list — and saves it together with its channels' readers.
/// </summary>
internal sealed class RoomStore(IChatDbContext db, TimeProvider clock)
{
    public async Task<Room> LoadAsync(Guid roomId, Guid actorId, Guid? targetId, CancellationToken cancellationToken)
    {
        var target = targetId ?? actorId;
        return await db.Set<Room>()
            .Include(r => r.Members.Where(m => m.UserId == actorId || m.UserId == target))
            .Include(r => r.Bans.Where(b => b.UserId == actorId || b.UserId == target))
            .FirstOrDefaultAsync(r => r.Id == roomId, cancellationToken)
            ?? throw new NotFoundException("The room does not exist.");
    }

    /// <summary>The room an invite code leads to, with the invite and <paramref name="userId"/>'s membership and ban; 404 for an unknown code.</summary>
    public async Task<Room> LoadByInviteAsync(string code, Guid userId, CancellationToken cancellationToken) =>
        await db.Set<Room>()
            .Include(r => r.Invites.Where(i => i.Code == code))
            .Include(r => r.Members.Where(m => m.UserId == userId))
            .Include(r => r.Bans.Where(b => b.UserId == userId))
            .FirstOrDefaultAsync(r => r.Invites.Any(i => i.Code == code), cancellationToken)
            ?? throw new NotFoundException("The invite does not exist, has expired or is used up.");

    /// <summary>A channel of the room (tracked, without its participants); 404 when the room has no such channel.</summary>
    public async Task<Conversation> LoadChannelAsync(Guid roomId, Guid channelId, CancellationToken cancellationToken) =>
        await db.Set<Conversation>().FirstOrDefaultAsync(c => c.Id == channelId && c.RoomId == roomId && c.Kind == ConversationKind.Channel, cancellationToken)
        ?? throw new NotFoundException("The room has no such channel.");

    /// <summary>
    /// Saves the room in one transaction with its channels' readers, which mirror its members: whoever joined this time
    /// becomes a participant of every channel (nothing unread), whoever left, was kicked or banned stops being one — so
    /// from the commit on they can neither read the channels nor receive their events.
    /// </summary>
    public Task SaveAsync(Room room, CancellationToken cancellationToken)
    {
        var joined = room.DomainEvents.OfType<MemberJoined>().Select(e => e.UserId).ToList();
        var left = room.DomainEvents.OfType<MemberLeft>().Select(e => e.UserId).ToList();
        if (joined.Count == 0 && left.Count == 0)
        {
            return db.SaveChangesAsync(cancellationToken);
        }

        return db.InTransactionAsync(async ct =>
        {
            // Membership changes and channel creation take the room's lock before reading each other's rows, so a
            // member joining while a channel is made ends up reading it either way.
            await LockAsync(room.Id, ct);
            if (left.Count > 0)
            {
                await db.Set<ConversationParticipant>()
                    .Where(p => left.Contains(p.UserId) && db.Set<Conversation>().Any(c => c.Id == p.ConversationId && c.RoomId == room.Id))
                    .ExecuteDeleteAsync(ct);
            }

            if (joined.Count > 0)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                foreach (var channel in await db.Set<Conversation>().Where(c => c.RoomId == room.Id).ToListAsync(ct))
                {
                    joined.ForEach(userId => channel.AdmitRoomMember(userId, now));
                }
            }

            return await db.SaveChangesAsync(ct);
        }, cancellationToken);
    }

    /// <summary>
    /// Inside a transaction, takes the room row's write lock with a no-op UPDATE (PostgreSQL: the row lock, held to commit;
    /// SQLite: its IMMEDIATE transactions already hold the database write lock), like <c>ConversationLock</c> does.
    /// </summary>
    public async Task LockAsync(Guid roomId, CancellationToken cancellationToken)
    {
        if (await db.Set<Room>().Where(r => r.Id == roomId).ExecuteUpdateAsync(s => s.SetProperty(r => r.UpdatedAt, r => r.UpdatedAt), cancellationToken) == 0)
        {
            throw new NotFoundException("The room does not exist.");
        }
    }
}
