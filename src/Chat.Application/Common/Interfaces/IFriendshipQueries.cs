namespace Chat.Application.Common.Interfaces;

/// <summary>Yes/no questions about friendships and blocks, each one indexed query; other features ask these.</summary>
public interface IFriendshipQueries
{
    Task<bool> AreFriendsAsync(Guid userA, Guid userB, CancellationToken cancellationToken);

    /// <summary>True when either user has blocked the other.</summary>
    Task<bool> IsBlockedAsync(Guid userA, Guid userB, CancellationToken cancellationToken);

    Task<IReadOnlyList<Guid>> FriendIdsAsync(Guid userId, CancellationToken cancellationToken);
}
