using Chat.Domain.Common;

namespace Chat.Domain.Friends;

/// <summary>The addressee accepted a friend request (directly, or by asking back): the two are friends since <paramref name="AcceptedAt"/>.</summary>
public sealed record FriendRequestAccepted(Guid FriendshipId, Guid RequesterId, Guid AccepterId, DateTime AcceptedAt) : IDomainEvent;
