namespace Chat.Application.Features.Rooms.Notifications;

/// <summary>realtime.md <c>channel_deleted</c>.</summary>
public sealed record ChannelDeletedNotification(Guid RoomId, Guid ChannelId)
{
    public string Type => "channel_deleted";
}
