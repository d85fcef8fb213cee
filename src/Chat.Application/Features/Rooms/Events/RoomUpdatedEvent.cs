namespace Chat.Application.Features.Rooms.Events;

/// <summary>realtime.md <c>room_updated</c>: the room's new details (<c>myRole</c> is null: every member gets the same bytes).</summary>
public sealed record RoomUpdatedEvent(RoomDto Room)
{
    public string Type => "room_updated";
}
