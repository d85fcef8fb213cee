namespace Chat.Application.Features.Messages.SendMessage;

/// <summary>
/// The socket session each message of a batch came from, for the event handlers that run after the batch commits: they
/// run in the writer's scope, where no caller is set, and must still skip the sending socket (it gets
/// <c>message_sent</c> instead of <c>new_message</c>). Scoped: one per batch.
/// </summary>
internal sealed class SendOrigins
{
    private readonly Dictionary<Guid, Guid?> _sessions = [];

    public void Record(Guid messageId, Guid? socketSessionId) => _sessions[messageId] = socketSessionId;

    /// <summary>The session <paramref name="messageId"/> was sent from when this scope wrote it; else <paramref name="otherwise"/>.</summary>
    public Guid? SocketSessionOf(Guid messageId, Guid? otherwise) => _sessions.TryGetValue(messageId, out var session) ? session : otherwise;
}
