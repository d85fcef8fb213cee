using Chat.Domain.Common;

namespace Chat.Domain.Messages.Events;

/// <summary>A message was stored with its sequence number and the conversation version it took.</summary>
public sealed record MessageSent(Guid ConversationId, Guid MessageId, Guid SenderId, long Seq, long Version) : IDomainEvent;
