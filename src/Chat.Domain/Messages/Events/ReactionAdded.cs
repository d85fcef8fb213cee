using Chat.Domain.Common;

namespace Chat.Domain.Messages.Events;

/// <summary>A user reacted to a message with an emoji.</summary>
public sealed record ReactionAdded(Guid ConversationId, Guid MessageId, Guid UserId, string Emoji, long Version) : IDomainEvent;
