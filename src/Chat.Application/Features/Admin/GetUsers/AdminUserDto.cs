namespace Chat.Application.Features.Admin.GetUsers;

/// <summary>
/// <c>{ id, username, displayName, createdAt, lastSeenAt }</c> as administrators see an account; <c>lastSeenAt</c>
/// (UTC) is when its last socket closed, null when never seen.
/// </summary>
public sealed record AdminUserDto(Guid Id, string Username, string DisplayName, DateTime CreatedAt, DateTime? LastSeenAt);
