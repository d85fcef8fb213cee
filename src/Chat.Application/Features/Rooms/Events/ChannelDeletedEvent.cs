namespace Chat.Application.Features.Rooms.Events;

/// <summary>realtime.md <c>channel_deleted</c>.</summary>
public sealed record ChannelDeletedEvent(Guid RoomId, Guid ChannelId)
{
    public string Type => "channel_deleted";
}
