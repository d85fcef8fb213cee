namespace Chat.Application.Common.Interfaces;

/// <summary>One event of a conversation on its way to the recipients' sockets.</summary>
/// <param name="ConversationId">The conversation (its recipients are resolved when the push runs).</param>
/// <param name="Position">The conversation version the event produced (its place in the conversation's order).</param>
/// <param name="ExceptSocketSessionId">The socket the change came from, which is told nothing.</param>
/// <param name="Views">
/// Builds the event's distinct views for the recipients, in the fan-out's own scope: each view is serialized once and
/// its bytes go to all its users (most events have one view; per-viewer fields such as a sender's own status make a second).
/// </param>
/// <param name="MembershipVersion">
/// The conversation's membership version read under its lock by the change that made the event: the fan-out may use
/// recipients cached at this version or later, else reads them from the database. Null: always from the database.
/// </param>
public sealed record ConversationPush(
    Guid ConversationId,
    long Position,
    Guid? ExceptSocketSessionId,
    Func<ConversationRecipients, IServiceProvider, CancellationToken, ValueTask<IReadOnlyList<PushView>>> Views,
    long? MembershipVersion)
{
    /// <summary>A push whose one view goes to every recipient.</summary>
    public static ConversationPush ToAll(Guid conversationId, long position, long? membershipVersion, object realtimeEvent, Guid? exceptSocketSessionId = null) =>
        new(conversationId, position, exceptSocketSessionId, (recipients, _, _) => ValueTask.FromResult<IReadOnlyList<PushView>>([new PushView(recipients.UserIds, realtimeEvent)]), membershipVersion);
}
