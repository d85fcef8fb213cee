using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Messages;
using Chat.Domain.Friends;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Friends;

/// <summary>The yes/no questions other features ask; each is one query over an index (the ordered-pair key, or the per-side status indexes).</summary>
internal sealed class FriendshipQueries(IChatDbContext db) : IFriendshipQueries
{
    /// <summary>The block check, compiled once: every send into a direct conversation asks it (<see cref="PageQueries"/>).</summary>
    private static readonly PageQueries.PerModel<Func<DbContext, Guid, Guid, CancellationToken, Task<bool>>> Blocked = new(() => EF.CompileAsyncQuery(
        (DbContext context, Guid userA, Guid userB, CancellationToken _) =>
            context.Set<Block>().Any(b => (b.BlockerId == userA && b.BlockedId == userB) || (b.BlockerId == userB && b.BlockedId == userA))));

    public Task<bool> AreFriendsAsync(Guid userA, Guid userB, CancellationToken cancellationToken)
    {
        var (low, high) = Friendship.Order(userA, userB);
        return db.Set<Friendship>().AsNoTracking()
            .AnyAsync(f => f.UserLowId == low && f.UserHighId == high && f.Status == FriendshipStatus.Accepted, cancellationToken);
    }

    public Task<bool> IsBlockedAsync(Guid userA, Guid userB, CancellationToken cancellationToken)
    {
        var context = (DbContext)db;
        return Blocked.For(context)(context, userA, userB, cancellationToken);
    }

    public async Task<IReadOnlyList<Guid>> FriendIdsAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Set<Friendship>().AsNoTracking()
            .Where(f => f.Status == FriendshipStatus.Accepted && (f.UserLowId == userId || f.UserHighId == userId))
            .Select(f => f.UserLowId == userId ? f.UserHighId : f.UserLowId)
            .ToListAsync(cancellationToken);
}
