using Chat.Domain.Common;

namespace Chat.Domain.Messages.Events;

/// <summary>A message was soft-deleted and is now a tombstone.</summary>
public sealed record MessageDeleted(Guid ConversationId, Guid MessageId, long Seq, long Version) : IDomainEvent;
