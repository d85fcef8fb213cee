using System.Text.Json.Serialization;
using Chat.Application.Common.Interfaces;

namespace Chat.Application.Features.Messages.Events;

/// <summary>Real-time <c>new_message</c>: to every socket of every participant but the sending one.</summary>
public sealed record NewMessageEvent(MessageDto Message) : IOrderedRealtimeEvent, IDeliveryTrackedEvent
{
    public string Type => "new_message";

    /// <summary>In a direct conversation: reaching a device of the recipient moves their delivered marker.</summary>
    [JsonIgnore]
    public DeliveryReceipt? Receipt { get; init; }

    Guid IOrderedRealtimeEvent.StreamId => Message.ConversationId;

    long IOrderedRealtimeEvent.Position => Message.Version;
}
