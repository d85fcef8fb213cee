using Chat.Application.Common.Interfaces;
using Chat.Domain.Friends;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Friends;

/// <summary>Loads what the friendship and block commands decide on; each one indexed query.</summary>
internal static class FriendshipLookups
{
    /// <summary>The (tracked) friendship or pending request between two users, through the ordered-pair key.</summary>
    public static Task<Friendship?> FriendshipBetweenAsync(this IChatDbContext db, Guid userA, Guid userB, CancellationToken cancellationToken)
    {
        var (low, high) = Friendship.Order(userA, userB);
        return db.Set<Friendship>().FirstOrDefaultAsync(f => f.UserLowId == low && f.UserHighId == high, cancellationToken);
    }

    /// <summary>The (tracked) friendship or request with this id, when <paramref name="userId"/> is one of its two users.</summary>
    public static Task<Friendship?> FriendshipOfAsync(this IChatDbContext db, Guid friendshipId, Guid userId, CancellationToken cancellationToken) =>
        db.Set<Friendship>().FirstOrDefaultAsync(f => f.Id == friendshipId && (f.UserLowId == userId || f.UserHighId == userId), cancellationToken);

    /// <summary>The blocks between two users, in either direction (at most two).</summary>
    public static Task<List<Block>> BlocksBetweenAsync(this IChatDbContext db, Guid userA, Guid userB, CancellationToken cancellationToken) =>
        db.Set<Block>().AsNoTracking()
            .Where(b => (b.BlockerId == userA && b.BlockedId == userB) || (b.BlockerId == userB && b.BlockedId == userA))
            .ToListAsync(cancellationToken);

    public static Task<bool> UserExistsAsync(this IChatDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.Set<User>().AnyAsync(u => u.Id == userId && u.DeletedAt == null, cancellationToken);
}
