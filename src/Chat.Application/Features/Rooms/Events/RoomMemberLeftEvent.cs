using Chat.Application.Features.Users;
using Chat.Domain.Rooms;

namespace Chat.Application.Features.Rooms.Events;

/// <summary>realtime.md <c>member_left</c> for a room, with why: <c>left</c>, <c>kicked</c> or <c>banned</c>.</summary>
public sealed record RoomMemberLeftEvent(Guid RoomId, UserSummaryDto User, MemberLeaveReason Reason)
{
    public string Type => "member_left";
}
