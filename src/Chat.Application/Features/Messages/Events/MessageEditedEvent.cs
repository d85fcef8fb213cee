using Chat.Application.Common.Interfaces;

namespace Chat.Application.Features.Messages.Events;

/// <summary>Real-time <c>message_edited</c>: to the participants.</summary>
public sealed record MessageEditedEvent(MessageDto Message) : IOrderedRealtimeEvent
{
    public string Type => "message_edited";

    Guid IOrderedRealtimeEvent.StreamId => Message.ConversationId;

    long IOrderedRealtimeEvent.Position => Message.Version;
}
