using System.Collections.Concurrent;
using Chat.Application.Common.Interfaces;

namespace Chat.Infrastructure.Realtime;

/// <summary>
/// The sockets open on this node, by user, oldest first. A user is online while they hold at least one socket,
/// so this is also the node's presence tracker. Writes take a lock and replace the user's array; reads (every
/// delivery) take the current array without locking or allocating.
/// </summary>
public sealed class ConnectionRegistry : IPresenceTracker
{
    private readonly ConcurrentDictionary<Guid, IRealtimeConnection[]> _byUser = new();
    private readonly Lock _gate = new();
    private int _connectionCount;

    /// <summary>What adding a socket changed.</summary>
    /// <param name="CameOnline">It is the user's first socket.</param>
    /// <param name="Evicted">The user's oldest sockets beyond the limit, already removed here; the caller closes them.</param>
    public sealed record Registration(bool CameOnline, IReadOnlyList<IRealtimeConnection> Evicted);

    /// <summary>Adds a socket; when the user then holds more than <paramref name="maxPerUser"/>, their oldest are removed and returned.</summary>
    public Registration Add(IRealtimeConnection connection, int maxPerUser)
    {
        lock (_gate)
        {
            var existing = _byUser.TryGetValue(connection.UserId, out var sockets) ? sockets : [];
            IRealtimeConnection[] all = [.. existing, connection];
            var keep = Math.Max(1, maxPerUser);
            var evicted = all.Length > keep ? all[..^keep] : [];
            _byUser[connection.UserId] = all.Length > keep ? all[^keep..] : all;
            _connectionCount += 1 - evicted.Length;
            return new Registration(existing.Length == 0, evicted);
        }
    }

    /// <summary>Removes a socket; true when it was the user's last (they just went offline). Removing twice is harmless.</summary>
    public bool Remove(IRealtimeConnection connection)
    {
        lock (_gate)
        {
            if (!_byUser.TryGetValue(connection.UserId, out var sockets) || Array.IndexOf(sockets, connection) < 0)
            {
                return false;
            }

            _connectionCount--;
            if (sockets.Length == 1)
            {
                _byUser.TryRemove(connection.UserId, out _);
                return true;
            }

            _byUser[connection.UserId] = sockets.Where(s => !ReferenceEquals(s, connection)).ToArray();
            return false;
        }
    }

    /// <summary>The user's open sockets on this node, oldest first (a snapshot).</summary>
    public IReadOnlyList<IRealtimeConnection> ConnectionsOf(Guid userId) =>
        _byUser.TryGetValue(userId, out var sockets) ? sockets : [];

    /// <summary>The user's open sockets on this node (the registry's own snapshot array: do not modify it).</summary>
    public IRealtimeConnection[] SocketsOf(Guid userId) =>
        _byUser.TryGetValue(userId, out var sockets) ? sockets : [];

    /// <summary>Every open socket on this node (a snapshot per user), e.g. to tell all of them to catch up.</summary>
    public IEnumerable<IRealtimeConnection> AllConnections() => _byUser.Values.SelectMany(sockets => sockets);

    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    public int OnlineUserCount => _byUser.Count;

    public bool IsOnline(Guid userId) => _byUser.ContainsKey(userId);

    public IReadOnlyCollection<Guid> OnlineAmong(IEnumerable<Guid> userIds) => userIds.Where(_byUser.ContainsKey).Distinct().ToList();
}
