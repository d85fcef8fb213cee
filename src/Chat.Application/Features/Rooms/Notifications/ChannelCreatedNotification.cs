using Chat.Application.Features.Conversations;

namespace Chat.Application.Features.Rooms.Notifications;

/// <summary>realtime.md <c>channel_created</c>: the new channel as a Conversation (nothing read, nothing unread).</summary>
public sealed record ChannelCreatedNotification(Guid RoomId, ConversationDto Channel)
{
    public string Type => "channel_created";
}
