namespace Chat.Application.Features.Rooms.Events;

/// <summary>realtime.md <c>room_deleted</c>.</summary>
public sealed record RoomDeletedEvent(Guid RoomId)
{
    public string Type => "room_deleted";
}
