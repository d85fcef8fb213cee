using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms;
using Chat.Domain.Rooms.Events;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Rooms;

/// <summary>
/// Loads the part of a <see cref="Room"/> a command touches — the room with the memberships and bans of the named users
/// (the actor and its target), never the whole member list — and saves it (a join is one membership row, whatever the number of channels).
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
    /// Saves the room in one transaction. Channel access is room membership, so a join writes only the membership row:
    /// its join time is fixed here, under the room's lock, at or after the newest message of every channel of the room
    /// — that is the member's read point in every channel until they first read or write there (no row per channel;
    /// docs/decisions/0012-no-per-member-work-per-message.md). Whoever left, was kicked or banned loses their channel
    /// read rows with the membership, so a later join starts from its own join point.
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
            // Membership changes and channel creation take the room's lock first, so they never interleave.
            await LockAsync(room.Id, ct);
            if (left.Count > 0)
            {
                await db.Set<ConversationParticipant>()
                    .Where(p => left.Contains(p.UserId) && db.Set<Conversation>().Any(c => c.Id == p.ConversationId && c.RoomId == room.Id))
                    .ExecuteDeleteAsync(ct);
            }

            if (joined.Count > 0)
            {
                // Read after the lock (SQLite: the database write lock, so every committed send is seen and every later
                // one takes a later time): no message stored before this join is newer than the join point.
                var newest = await db.Set<Conversation>().Where(c => c.RoomId == room.Id).MaxAsync(c => (DateTime?)c.LastActivityAt, ct);
                var now = clock.GetUtcNow().UtcDateTime;
                var joinPoint = newest > now ? newest.Value : now;
                foreach (var member in room.Members.Where(m => joined.Contains(m.UserId)))
                {
                    member.JoinAt(joinPoint);
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
