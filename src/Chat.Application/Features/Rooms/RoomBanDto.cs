using Chat.Application.Features.Users;

namespace Chat.Application.Features.Rooms;

/// <summary>A ban, as moderators see it.</summary>
public sealed record RoomBanDto
{
    public UserSummaryDto User { get; init; } = new();

    public string? Reason { get; init; }

    public Guid BannedBy { get; init; }

    public DateTime CreatedAt { get; init; }
}
