using Chat.Domain.Common;

namespace Chat.Domain.Conversations.Events;

/// <summary>A user left or was removed; when the owner left, <paramref name="NewOwnerId"/> took over.</summary>
public sealed record ParticipantRemoved(Guid ConversationId, Guid UserId, Guid? NewOwnerId) : IDomainEvent;
