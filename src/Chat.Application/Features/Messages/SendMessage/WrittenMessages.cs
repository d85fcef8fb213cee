namespace Chat.Application.Features.Messages.SendMessage;

/// <summary>
/// What the writer's batch wrote, for the event handlers that run after its commit, in the writer's scope (one per
/// batch). Per message: the socket session it came from, since no caller is set in that scope and the sending socket
/// must be skipped (it gets <c>message_sent</c> instead of <c>new_message</c>); and the message as written, so the
/// fan-out builds its push from memory instead of reading back the row just written (issue 11: no second read).
/// </summary>
internal sealed class WrittenMessages
{
    private readonly Dictionary<Guid, Guid?> _sessions = [];
    private readonly Dictionary<Guid, MessageDto> _messages = [];

    public void Record(Guid messageId, Guid? socketSessionId) => _sessions[messageId] = socketSessionId;

    /// <summary>Keeps <paramref name="message"/> as everyone but its sender sees it (no <c>status</c>).</summary>
    public void Keep(MessageDto message) => _messages[message.Id] = message with { Status = null };

    /// <summary>The session <paramref name="messageId"/> was sent from when this scope wrote it; else <paramref name="otherwise"/>.</summary>
    public Guid? SocketSessionOf(Guid messageId, Guid? otherwise) => _sessions.TryGetValue(messageId, out var session) ? session : otherwise;

    /// <summary>The message as this scope wrote it (no <c>status</c>), or null when another scope wrote it.</summary>
    public MessageDto? Written(Guid messageId) => _messages.GetValueOrDefault(messageId);
}
