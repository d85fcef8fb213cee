using System.Collections.Concurrent;
using Chat.Application.Common.Interfaces;

namespace Chat.Infrastructure.Realtime;

/// <summary>
/// The sockets open on this node, by user. A user is online while they hold at least one socket,
/// so this is also the node's presence tracker.
/// </summary>
public sealed class ConnectionRegistry : IPresenceTracker
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, IRealtimeConnection>> _byUser = new();
    private readonly object _gate = new();

    /// <summary>Adds a socket; true when it is the user's first (they just came online).</summary>
    public bool Add(IRealtimeConnection connection)
    {
        lock (_gate)
        {
            var sockets = _byUser.GetOrAdd(connection.UserId, _ => new ConcurrentDictionary<Guid, IRealtimeConnection>());
            sockets[connection.SessionId] = connection;
            return sockets.Count == 1;
        }
    }

    /// <summary>Removes a socket; true when it was the user's last (they just went offline).</summary>
    public bool Remove(IRealtimeConnection connection)
    {
        lock (_gate)
        {
            if (!_byUser.TryGetValue(connection.UserId, out var sockets) || !sockets.TryRemove(connection.SessionId, out _))
            {
                return false;
            }

            if (sockets.IsEmpty)
            {
                _byUser.TryRemove(connection.UserId, out _);
                return true;
            }

            return false;
        }
    }

    public IReadOnlyCollection<IRealtimeConnection> ConnectionsOf(Guid userId) =>
        _byUser.TryGetValue(userId, out var sockets) ? sockets.Values.ToList() : [];

    public int ConnectionCount => _byUser.Values.Sum(s => s.Count);

    public int OnlineUserCount => _byUser.Count;

    public bool IsOnline(Guid userId) => _byUser.ContainsKey(userId);

    public IReadOnlyCollection<Guid> OnlineAmong(IEnumerable<Guid> userIds) => userIds.Where(_byUser.ContainsKey).ToList();
}
