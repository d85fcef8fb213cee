using Chat.Domain.Conversations;

namespace Chat.Application.Features.Conversations;

/// <summary>A participant: the user's summary and their role in the conversation.</summary>
public sealed record ParticipantDto
{
    public Guid Id { get; init; }

    public string Username { get; init; } = string.Empty;

    public string DisplayName { get; init; } = string.Empty;

    public string? AvatarUrl { get; init; }

    public ParticipantRole Role { get; init; }
}
