namespace Chat.Application.Features.Users;

/// <summary>A user's profile; <see cref="IsOnline"/> and <see cref="LastSeenAt"/> only for the caller and their friends.</summary>
public sealed record UserProfileDto
{
    public Guid Id { get; init; }

    public string Username { get; init; } = string.Empty;

    public string DisplayName { get; init; } = string.Empty;

    public string? AvatarUrl { get; init; }

    public string? Bio { get; init; }

    public DateTime CreatedAt { get; init; }

    public bool? IsOnline { get; init; }

    public DateTime? LastSeenAt { get; init; }
}
