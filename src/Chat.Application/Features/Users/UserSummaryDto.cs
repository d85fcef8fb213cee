namespace Chat.Application.Features.Users;

/// <summary>The short form of a user that other shapes embed.</summary>
public sealed record UserSummaryDto
{
    public Guid Id { get; init; }

    public string Username { get; init; } = string.Empty;

    public string DisplayName { get; init; } = string.Empty;

    public string? AvatarUrl { get; init; }
}
