using Chat.Application.Common.Interfaces;

namespace Chat.Application.Features.Messages.Events;

/// <summary>Real-time <c>reaction_added</c>: to the participants.</summary>
public sealed record ReactionAddedEvent(Guid ConversationId, Guid MessageId, Guid UserId, string Emoji, long Version) : IOrderedRealtimeEvent
{
    public string Type => "reaction_added";

    Guid IOrderedRealtimeEvent.StreamId => ConversationId;

    long IOrderedRealtimeEvent.Position => Version;
}
