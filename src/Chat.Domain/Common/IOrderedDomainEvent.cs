namespace Chat.Domain.Common;

/// <summary>
/// A domain event with a place in an ordered stream: a change to a conversation's messages, where the stream is the
/// conversation and the position is the conversation <c>version</c> the change produced. Live delivery keeps each
/// stream's events in position order even when several requests commit them at once.
/// </summary>
public interface IOrderedDomainEvent : IDomainEvent
{
    Guid StreamId { get; }

    long Position { get; }
}
