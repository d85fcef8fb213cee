using Chat.Domain.Common;

namespace Chat.Domain.Friends;

/// <summary>
/// The relationship of two users, from the first request to the end of the friendship. There is at most one per pair:
/// the pair is stored ordered (<see cref="UserLowId"/> &lt; <see cref="UserHighId"/>) under a unique key, whichever
/// side asked. A pending friendship is a friend request (its id is the request id); a declined, cancelled or removed
/// one is deleted.
/// </summary>
public sealed class Friendship : Entity
{
    private Friendship()
    {
    }

    /// <summary>The smaller of the two user ids (by <see cref="Guid.CompareTo(Guid)"/>).</summary>
    public Guid UserLowId { get; private set; }

    /// <summary>The greater of the two user ids.</summary>
    public Guid UserHighId { get; private set; }

    /// <summary>Who asked; the other user is the <see cref="AddresseeId"/>.</summary>
    public Guid RequesterId { get; private set; }

    public FriendshipStatus Status { get; private set; }

    /// <summary>When the request was sent.</summary>
    public DateTime CreatedAt { get; private set; }

    /// <summary>When the two became friends; null while pending.</summary>
    public DateTime? AcceptedAt { get; private set; }

    public Guid AddresseeId => RequesterId == UserLowId ? UserHighId : UserLowId;

    public bool IsAccepted => Status == FriendshipStatus.Accepted;

    /// <summary>The pair in the stored order: the smaller id first.</summary>
    public static (Guid Low, Guid High) Order(Guid userA, Guid userB) => userA.CompareTo(userB) < 0 ? (userA, userB) : (userB, userA);

    /// <summary>
    /// <paramref name="requesterId"/> asks <paramref name="addresseeId"/> to be friends; there is nothing between them yet.
    /// </summary>
    /// <param name="blocksBetween">The blocks between the two users, in either direction (any other block is ignored).</param>
    public static Friendship Request(Guid requesterId, Guid addresseeId, IEnumerable<Block> blocksBetween, DateTime now)
    {
        if (requesterId == addresseeId)
        {
            throw new DomainException("cannot_befriend_self", "You cannot send a friend request to yourself.", DomainErrorKind.BadRequest);
        }

        RefuseWhenBlocked(requesterId, addresseeId, blocksBetween);
        var (low, high) = Order(requesterId, addresseeId);
        var friendship = new Friendship
        {
            UserLowId = low,
            UserHighId = high,
            RequesterId = requesterId,
            Status = FriendshipStatus.Pending,
            CreatedAt = now,
        };
        friendship.Raise(new FriendRequestSent(friendship.Id, requesterId, addresseeId, now));
        return friendship;
    }

    /// <summary>
    /// One of the pair asks again while this friendship exists: refused when they are already friends or when the same
    /// request is pending; when the other user had asked first, asking back accepts their request.
    /// </summary>
    public void RequestAgain(Guid requesterId, IEnumerable<Block> blocksBetween, DateTime now)
    {
        var addresseeId = OtherThan(requesterId);
        RefuseWhenBlocked(requesterId, addresseeId, blocksBetween);
        if (IsAccepted)
        {
            throw AlreadyFriends();
        }

        if (RequesterId == requesterId)
        {
            throw new DomainException("request_exists", "You have already sent a friend request to this user.", DomainErrorKind.Conflict);
        }

        Accept(requesterId, blocksBetween, now);
    }

    /// <summary>The addressee accepts the pending request; the two are friends from now on.</summary>
    public void Accept(Guid by, IEnumerable<Block> blocksBetween, DateTime now)
    {
        EnsureAddressee(by, "accept");
        if (IsAccepted)
        {
            throw AlreadyFriends();
        }

        RefuseWhenBlocked(by, RequesterId, blocksBetween);
        Status = FriendshipStatus.Accepted;
        AcceptedAt = now;
        Raise(new FriendRequestAccepted(Id, RequesterId, by, now));
    }

    /// <summary>The addressee declines the pending request; the friendship is then deleted.</summary>
    public void Decline(Guid by)
    {
        EnsureAddressee(by, "decline");
        if (IsAccepted)
        {
            throw AlreadyFriends();
        }
    }

    /// <summary>The requester withdraws the pending request; the friendship is then deleted.</summary>
    public void Cancel(Guid by)
    {
        if (by != RequesterId)
        {
            throw new DomainException("not_requester", "Only the user who sent a friend request can cancel it.", DomainErrorKind.Forbidden);
        }

        if (IsAccepted)
        {
            throw AlreadyFriends();
        }
    }

    /// <summary>One friend unfriends the other; the friendship is then deleted. A pending request is not a friendship.</summary>
    public void Remove(Guid by)
    {
        var other = OtherThan(by);
        if (!IsAccepted)
        {
            throw new DomainException("not_friends", "You are not friends with this user.", DomainErrorKind.NotFound);
        }

        Raise(new FriendRemoved(Id, by, other));
    }

    /// <summary>
    /// <paramref name="blockerId"/> blocked the other user: the friendship, or the pending request in either direction,
    /// ends; the friendship is then deleted.
    /// </summary>
    public void EndBecauseBlocked(Guid blockerId)
    {
        var other = OtherThan(blockerId);
        if (IsAccepted)
        {
            Raise(new FriendRemoved(Id, blockerId, other));
        }
    }

    /// <summary>
    /// <paramref name="deletedUserId"/>'s account was deleted: a friendship tells the other user it ended, a pending
    /// request ends silently; the row is then deleted.
    /// </summary>
    public void EndBecauseAccountDeleted(Guid deletedUserId)
    {
        var other = OtherThan(deletedUserId);
        if (IsAccepted)
        {
            Raise(new FriendRemoved(Id, deletedUserId, other));
        }
    }

    public bool Involves(Guid userId) => userId == UserLowId || userId == UserHighId;

    /// <summary>The other user of the pair.</summary>
    public Guid OtherThan(Guid userId)
    {
        if (!Involves(userId))
        {
            throw new ArgumentException($"User {userId} is not part of friendship {Id}.", nameof(userId));
        }

        return userId == UserLowId ? UserHighId : UserLowId;
    }

    private void EnsureAddressee(Guid by, string action)
    {
        if (by != AddresseeId)
        {
            throw new DomainException("not_addressee", $"Only the user a friend request was sent to can {action} it.", DomainErrorKind.Forbidden);
        }
    }

    private static void RefuseWhenBlocked(Guid userA, Guid userB, IEnumerable<Block> blocksBetween)
    {
        if (blocksBetween.Any(b => b.IsBetween(userA, userB)))
        {
            throw new DomainException("blocked", "One of you has blocked the other.", DomainErrorKind.Forbidden);
        }
    }

    private static DomainException AlreadyFriends() =>
        new("already_friends", "You are already friends with this user.", DomainErrorKind.Conflict);
}
