using Chat.Domain.Common;

namespace Chat.Domain.Conversations.Events;

/// <summary>A direct or group conversation was created with its first participants.</summary>
public sealed record ConversationStarted(Guid ConversationId) : IDomainEvent;
