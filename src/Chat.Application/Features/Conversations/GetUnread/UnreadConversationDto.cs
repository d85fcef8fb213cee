namespace Chat.Application.Features.Conversations.GetUnread;

public sealed record UnreadConversationDto(Guid ConversationId, int UnreadCount);
