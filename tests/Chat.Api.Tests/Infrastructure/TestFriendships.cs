using System.Collections.Concurrent;
using Chat.Application.Common.Interfaces;

namespace Chat.Api.Tests.Infrastructure;

/// <summary>
/// Friendships and blocks held by the test, standing in for the friends feature's <see cref="IFriendshipQueries"/>
/// (built on another branch) so conversation tests can say who is friends with whom. Test-only.
/// </summary>
public sealed class TestFriendships : IFriendshipQueries
{
    private readonly ConcurrentDictionary<(Guid, Guid), bool> _friends = new();
    private readonly ConcurrentDictionary<(Guid, Guid), bool> _blocks = new();

    public void MakeFriends(Guid a, Guid b) => _friends[Pair(a, b)] = true;

    public void MakeFriends(TestUser user, params TestUser[] others)
    {
        foreach (var other in others)
        {
            MakeFriends(user.Id, other.Id);
        }
    }

    /// <summary>Blocks end the friendship, as the friends feature does.</summary>
    public void Block(Guid blocker, Guid blocked)
    {
        _friends.TryRemove(Pair(blocker, blocked), out _);
        _blocks[(blocker, blocked)] = true;
    }

    public Task<bool> AreFriendsAsync(Guid userA, Guid userB, CancellationToken cancellationToken) =>
        Task.FromResult(_friends.ContainsKey(Pair(userA, userB)));

    public Task<bool> IsBlockedAsync(Guid userA, Guid userB, CancellationToken cancellationToken) =>
        Task.FromResult(_blocks.ContainsKey((userA, userB)) || _blocks.ContainsKey((userB, userA)));

    public Task<IReadOnlyList<Guid>> FriendIdsAsync(Guid userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Guid>>(_friends.Keys.Where(k => k.Item1 == userId || k.Item2 == userId).Select(k => k.Item1 == userId ? k.Item2 : k.Item1).ToList());

    private static (Guid, Guid) Pair(Guid a, Guid b) => a.CompareTo(b) <= 0 ? (a, b) : (b, a);
}
