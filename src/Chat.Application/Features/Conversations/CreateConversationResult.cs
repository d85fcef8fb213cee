namespace Chat.Application.Features.Conversations;

/// <summary>The conversation; <see cref="Created"/> is false when an existing one was returned (201 versus 200).</summary>
public sealed record CreateConversationResult(ConversationDto Conversation, bool Created);
