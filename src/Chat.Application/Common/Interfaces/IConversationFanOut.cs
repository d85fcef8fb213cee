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

/// <summary>One event of a conversation on its way to the recipients' sockets.</summary>
/// <param name="ConversationId">The conversation (its recipients are resolved when the push runs).</param>
/// <param name="Position">The conversation version the event produced (its place in the conversation's order).</param>
/// <param name="ExceptSocketSessionId">The socket the change came from, which is told nothing.</param>
/// <param name="Views">
/// Builds the event's distinct views for the recipients, in the fan-out's own scope: each view is serialized once and
/// its bytes go to all its users (most events have one view; per-viewer fields such as a sender's own status make a second).
/// </param>
public sealed record ConversationPush(
    Guid ConversationId,
    long Position,
    Guid? ExceptSocketSessionId,
    Func<ConversationRecipients, IServiceProvider, CancellationToken, ValueTask<IReadOnlyList<PushView>>> Views)
{
    /// <summary>A push whose one view goes to every recipient.</summary>
    public static ConversationPush ToAll(Guid conversationId, long position, object realtimeEvent, Guid? exceptSocketSessionId = null) =>
        new(conversationId, position, exceptSocketSessionId, (recipients, _, _) => ValueTask.FromResult<IReadOnlyList<PushView>>([new PushView(recipients.UserIds, realtimeEvent)]));
}

/// <summary>One view of an event and the users who get it.</summary>
/// <param name="UserIds">Every socket of these users (but the excepted one) receives…</param>
/// <param name="Event">…this event, serialized once (an object with a <c>type</c>, camelCase).</param>
public sealed record PushView(IReadOnlyList<Guid> UserIds, object Event);
