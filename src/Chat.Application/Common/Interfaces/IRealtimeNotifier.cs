namespace Chat.Application.Common.Interfaces;

/// <summary>
/// Pushes a server event (realtime.md) to users' sockets. Called only after the change is committed.
/// The event is serialized once, whatever the number of recipients.
/// </summary>
public interface IRealtimeNotifier
{
    /// <param name="userIds">Every socket of these users receives the event…</param>
    /// <param name="realtimeEvent">An object with a <c>type</c> property, serialized camelCase.</param>
    /// <param name="exceptSocketSessionId">…except this one (the socket a command came from).</param>
    Task NotifyUsersAsync(IReadOnlyCollection<Guid> userIds, object realtimeEvent, Guid? exceptSocketSessionId = null, CancellationToken cancellationToken = default);
}
