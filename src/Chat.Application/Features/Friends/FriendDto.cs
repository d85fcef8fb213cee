using Chat.Application.Features.Users;

namespace Chat.Application.Features.Friends;

/// <summary>A friend as the caller sees them: who, friends since when, and their presence.</summary>
public sealed record FriendDto(UserSummaryDto User, DateTime Since, bool IsOnline, DateTime? LastSeenAt);
