namespace Chat.Application.Features.Conversations.Events;

/// <summary>Real-time <c>conversation_created</c>: to each participant, as they see it (also to members added later).</summary>
public sealed record ConversationCreatedEvent(ConversationDto Conversation)
{
    public string Type => "conversation_created";
}
