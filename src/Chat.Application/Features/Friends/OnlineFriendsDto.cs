namespace Chat.Application.Features.Friends;

/// <summary>The ids of the caller's friends who are online right now.</summary>
public sealed record OnlineFriendsDto(IReadOnlyList<Guid> OnlineFriends);
