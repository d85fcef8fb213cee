using Chat.Domain.Common;

namespace Chat.Domain.Conversations.Events;

/// <summary>Users joined a group conversation.</summary>
public sealed record ParticipantsAdded(Guid ConversationId, IReadOnlyList<Guid> UserIds) : IDomainEvent;
