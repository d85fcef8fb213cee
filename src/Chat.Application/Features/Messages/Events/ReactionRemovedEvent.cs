using Chat.Application.Common.Interfaces;

namespace Chat.Application.Features.Messages.Events;

/// <summary>Real-time <c>reaction_removed</c>: to the participants.</summary>
public sealed record ReactionRemovedEvent(Guid ConversationId, Guid MessageId, Guid UserId, string Emoji, long Version) : IOrderedRealtimeEvent
{
    public string Type => "reaction_removed";

    Guid IOrderedRealtimeEvent.StreamId => ConversationId;

    long IOrderedRealtimeEvent.Position => Version;
}
