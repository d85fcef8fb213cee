using Chat.Application.Features.Users;

namespace Chat.Application.Features.Rooms.Events;

/// <summary>realtime.md <c>member_joined</c> for a room.</summary>
public sealed record RoomMemberJoinedEvent(Guid RoomId, UserSummaryDto User)
{
    public string Type => "member_joined";
}
