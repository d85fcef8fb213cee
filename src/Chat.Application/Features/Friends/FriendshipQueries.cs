using Chat.Application.Common.Interfaces;
using Chat.Domain.Friends;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Friends;

/// <summary>The yes/no questions other features ask; each is one query over an index (the ordered-pair key, or the per-side status indexes).</summary>
internal sealed class FriendshipQueries(IChatDbContext db) : IFriendshipQueries
{
    public Task<bool> AreFriendsAsync(Guid userA, Guid userB, CancellationToken cancellationToken)
    {
        var (low, high) = Friendship.Order(userA, userB);
        return db.Set<Friendship>().AsNoTracking()
            .AnyAsync(f => f.UserLowId == low && f.UserHighId == high && f.Status == FriendshipStatus.Accepted, cancellationToken);
    }

    public Task<bool> IsBlockedAsync(Guid userA, Guid userB, CancellationToken cancellationToken) =>
        db.Set<Block>().AsNoTracking()
            .AnyAsync(b => (b.BlockerId == userA && b.BlockedId == userB) || (b.BlockerId == userB && b.BlockedId == userA), cancellationToken);

    public async Task<IReadOnlyList<Guid>> FriendIdsAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Set<Friendship>().AsNoTracking()
            .Where(f => f.Status == FriendshipStatus.Accepted && (f.UserLowId == userId || f.UserHighId == userId))
            .Select(f => f.UserLowId == userId ? f.UserHighId : f.UserLowId)
            .ToListAsync(cancellationToken);
}
