namespace Chat.Application.Features.Conversations;

/// <summary><c>Chat:DirectMessages:RequireFriendship</c> (default true): only friends may start a direct conversation.</summary>
public sealed record DirectMessageOptions(bool RequireFriendship = true);
