namespace Chat.Application.Common.Interfaces;

/// <summary>
/// Pushes a conversation's ordered events (realtime.md "Rules": per conversation in <c>version</c> order) to everyone who
/// receives that conversation's events, after the commit. The real implementation returns at once: the recipients, the
/// views and their serialization are made by the fan-out workers, off the sender's path.
/// </summary>
public interface IConversationFanOut
{
    /// <summary>Queues the push (the server's fan-out returns at once) or runs it (without a real-time module).</summary>
    Task PublishAsync(ConversationPush push, CancellationToken cancellationToken);
}
