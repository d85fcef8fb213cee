using Chat.Application.Features.Users;

namespace Chat.Application.Features.Friends;

/// <summary>A pending friend request; <see cref="Id"/> is what accept, decline and cancel take.</summary>
public sealed record FriendRequestDto(Guid Id, UserSummaryDto From, UserSummaryDto To, DateTime CreatedAt);
