namespace Chat.Application.Features.Admin.GetUsers;

/// <summary>
/// <c>{ id, username, displayName, createdAt, lastSeenAt, isAdmin, disabledAt, disabledReason }</c> as administrators
/// see an account; <c>lastSeenAt</c> (UTC) is when its last socket closed, null when never seen; <c>disabledAt</c> null
/// while the account is enabled.
/// </summary>
public sealed record AdminUserDto(
    Guid Id, string Username, string DisplayName, DateTime CreatedAt, DateTime? LastSeenAt, bool IsAdmin, DateTime? DisabledAt, string? DisabledReason);
