using Chat.Application.Features.Conversations;

namespace Chat.Application.Features.Rooms.Events;

/// <summary>realtime.md <c>channel_created</c>: the new channel as a Conversation (nothing read, nothing unread).</summary>
public sealed record ChannelCreatedEvent(Guid RoomId, ConversationDto Channel)
{
    public string Type => "channel_created";
}
