using Chat.Application.Features.Users;
using Chat.Domain.Rooms;

namespace Chat.Application.Features.Rooms;

/// <summary>rest.md "RoomMember".</summary>
public sealed record RoomMemberDto
{
    public UserSummaryDto User { get; init; } = new();

    public RoomRole Role { get; init; }

    public DateTime JoinedAt { get; init; }
}
