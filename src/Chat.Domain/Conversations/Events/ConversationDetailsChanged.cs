using Chat.Domain.Common;

namespace Chat.Domain.Conversations.Events;

/// <summary>A conversation's title or topic changed.</summary>
public sealed record ConversationDetailsChanged(Guid ConversationId) : IDomainEvent;
