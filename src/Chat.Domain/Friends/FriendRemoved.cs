using Chat.Domain.Common;

namespace Chat.Domain.Friends;

/// <summary>A friendship ended: <paramref name="RemovedById"/> unfriended (or blocked) <paramref name="OtherUserId"/>.</summary>
public sealed record FriendRemoved(Guid FriendshipId, Guid RemovedById, Guid OtherUserId) : IDomainEvent;
