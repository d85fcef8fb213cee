using Chat.Application.Features.Conversations;

namespace Chat.Application.Features.Rooms.Events;

/// <summary>
/// realtime.md <c>channel_updated</c>: the channel's new name, topic or position. Every member gets the same bytes, so
/// the read state in it (<c>lastReadSeq</c>, <c>unreadCount</c>) is nobody's: clients keep their own.
/// </summary>
public sealed record ChannelUpdatedEvent(Guid RoomId, ConversationDto Channel)
{
    public string Type => "channel_updated";
}
