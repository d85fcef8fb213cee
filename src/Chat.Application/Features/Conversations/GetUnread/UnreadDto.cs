namespace Chat.Application.Features.Conversations.GetUnread;

public sealed record UnreadDto(int Total, IReadOnlyList<UnreadConversationDto> Conversations);
