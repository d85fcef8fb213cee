using Chat.Domain.Rooms;

namespace Chat.Application.Features.Rooms;

/// <summary>rest.md "Room". <see cref="MyRole"/> is the caller's role, null when they are not a member (and in socket events, which all members share).</summary>
public sealed record RoomDto
{
    public Guid Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string? Description { get; init; }

    public string? IconUrl { get; init; }

    public bool IsPublic { get; init; }

    public Guid OwnerId { get; init; }

    public int MemberCount { get; init; }

    public RoomRole? MyRole { get; init; }

    public DateTime CreatedAt { get; init; }
}
