using Chat.Domain.Common;

namespace Chat.Domain.Messages.Events;

/// <summary>A message was soft-deleted and is now a tombstone.</summary>
/// <param name="MembershipVersion">The conversation's <c>MembershipVersion</c> read under its lock when the change was made:
/// the recipients of this event are those of that membership version or a later one (docs/scale-out.md).</param>
public sealed record MessageDeleted(Guid ConversationId, Guid MessageId, long Seq, long Version, long MembershipVersion) : IOrderedDomainEvent
{
    Guid IOrderedDomainEvent.StreamId => ConversationId;

    long IOrderedDomainEvent.Position => Version;
}
