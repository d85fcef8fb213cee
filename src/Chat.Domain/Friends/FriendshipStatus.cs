namespace Chat.Domain.Friends;

/// <summary>Where a friendship stands. Declined, cancelled and removed friendships are deleted, so they have no status.</summary>
public enum FriendshipStatus
{
    /// <summary>Asked by <see cref="Friendship.RequesterId"/>, waiting for the addressee.</summary>
    Pending = 0,

    /// <summary>Both users are friends.</summary>
    Accepted = 1,
}
