using Chat.Application.Features.Users;

namespace Chat.Application.Features.Rooms.Notifications;

/// <summary>realtime.md <c>member_joined</c> for a room.</summary>
public sealed record MemberJoinedNotification(Guid RoomId, UserSummaryDto User)
{
    public string Type => "member_joined";
}
