namespace Chat.Application.Features.Rooms.Notifications;

/// <summary>realtime.md <c>room_deleted</c>.</summary>
public sealed record RoomDeletedNotification(Guid RoomId)
{
    public string Type => "room_deleted";
}
