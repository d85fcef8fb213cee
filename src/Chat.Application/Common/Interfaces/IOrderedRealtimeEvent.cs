namespace Chat.Application.Common.Interfaces;

/// <summary>
/// A server event that must reach every socket in its stream's order: message events carry the conversation and the
/// conversation <c>version</c> they produced. Implement the members explicitly so they stay out of the JSON.
/// </summary>
public interface IOrderedRealtimeEvent
{
    Guid StreamId { get; }

    long Position { get; }
}
