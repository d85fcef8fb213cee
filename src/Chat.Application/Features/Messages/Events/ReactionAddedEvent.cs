namespace Chat.Application.Features.Messages.Events;

/// <summary>Real-time <c>reaction_added</c>: to the participants.</summary>
public sealed record ReactionAddedEvent(Guid ConversationId, Guid MessageId, Guid UserId, string Emoji, long Version)
{
    public string Type => "reaction_added";
}
