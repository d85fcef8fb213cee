using Chat.Application.Common.Interfaces;

namespace Chat.Application.Features.Messages.Events;

/// <summary>Real-time <c>message_deleted</c>: to the participants.</summary>
public sealed record MessageDeletedEvent(Guid ConversationId, Guid MessageId, long Seq, long Version) : IOrderedRealtimeEvent
{
    public string Type => "message_deleted";

    Guid IOrderedRealtimeEvent.StreamId => ConversationId;

    long IOrderedRealtimeEvent.Position => Version;
}
