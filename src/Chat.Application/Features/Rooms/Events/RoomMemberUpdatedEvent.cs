namespace Chat.Application.Features.Rooms.Events;

/// <summary><c>member_updated</c> (not in realtime.md's table; documented in docs/rooms.md): a member's role changed.</summary>
public sealed record RoomMemberUpdatedEvent(Guid RoomId, RoomMemberDto Member)
{
    public string Type => "member_updated";
}
