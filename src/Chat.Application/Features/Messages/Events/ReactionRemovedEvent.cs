namespace Chat.Application.Features.Messages.Events;

/// <summary>Real-time <c>reaction_removed</c>: to the participants.</summary>
public sealed record ReactionRemovedEvent(Guid ConversationId, Guid MessageId, Guid UserId, string Emoji, long Version)
{
    public string Type => "reaction_removed";
}
