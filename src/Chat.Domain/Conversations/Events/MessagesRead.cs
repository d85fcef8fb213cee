using Chat.Domain.Common;

namespace Chat.Domain.Conversations.Events;

/// <summary>A participant's read marker moved forward to <paramref name="Seq"/>.</summary>
public sealed record MessagesRead(Guid ConversationId, Guid UserId, long Seq) : IDomainEvent;
