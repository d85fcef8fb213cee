namespace Chat.Application.Features.Conversations.Events;

/// <summary>Real-time <c>conversation_updated</c>: to each participant, as they see it.</summary>
public sealed record ConversationUpdatedEvent(ConversationDto Conversation)
{
    public string Type => "conversation_updated";
}
