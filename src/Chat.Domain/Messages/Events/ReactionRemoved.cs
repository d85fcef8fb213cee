using Chat.Domain.Common;

namespace Chat.Domain.Messages.Events;

/// <summary>A user took back a reaction.</summary>
public sealed record ReactionRemoved(Guid ConversationId, Guid MessageId, Guid UserId, string Emoji, long Version) : IDomainEvent;
