using Chat.Domain.Common;

namespace Chat.Domain.Friends;

/// <summary>A user asked another to be friends.</summary>
public sealed record FriendRequestSent(Guid FriendshipId, Guid RequesterId, Guid AddresseeId, DateTime SentAt) : IDomainEvent;
