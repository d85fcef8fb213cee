using Chat.Domain.Common;

namespace Chat.Domain.Conversations.Events;

/// <summary>Messages up to <paramref name="Seq"/> reached one of the participant's devices.</summary>
public sealed record MessagesDelivered(Guid ConversationId, Guid UserId, long Seq) : IDomainEvent;
