using Chat.Domain.Common;

namespace Chat.Domain.Messages.Events;

/// <summary>A message's content was replaced (the previous content is kept as an edit).</summary>
public sealed record MessageEdited(Guid ConversationId, Guid MessageId, long Version) : IDomainEvent;
