using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Rooms;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Rooms;

/// <summary>
/// Loads the part of a <see cref="Room"/> a command touches: the room with the memberships and bans of the named users
/// (the actor and its target), never the whole member list.
/// </summary>
internal sealed class RoomStore(IChatDbContext db)
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
}
