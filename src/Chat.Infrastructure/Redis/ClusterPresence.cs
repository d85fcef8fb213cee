using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Realtime.PublishPresence;
using Chat.Infrastructure.Realtime;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Chat.Infrastructure.Redis;

/// <summary>
/// Presence across nodes: a user is online while any live node holds a socket of theirs.
/// </summary>
/// <remarks>
/// <para>Redis keys (one hash tag, so the scripts also run on a Cluster): <c>{presence}:nodes</c>, a sorted set of node →
/// last heartbeat (Unix ms); <c>{presence}:u:&lt;user&gt;</c>, the nodes holding the user's sockets;
/// <c>{presence}:n:&lt;node&gt;</c>, the users a node holds. A node beats every <see cref="RedisOptions.HeartbeatInterval"/>
/// and counts as dead once silent for <see cref="RedisOptions.NodeTimeout"/> minus one beat; the first survivor to remove
/// a dead node from the set (ZREM answers 1 to one caller only) announces its users offline where no other node holds
/// them — within <c>NodeTimeoutSeconds</c> of the death.</para>
/// <para>One announcement per real change: the scripts record this node's change and count the other live nodes
/// atomically, so of two nodes racing, exactly one sees "no one else".</para>
/// <para>Without Redis each node answers for itself (and announces for itself); after a reconnect it registers its users again.</para>
/// </remarks>
public sealed class ClusterPresence(
    RedisConnection redis, ConnectionRegistry registry, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ClusterPresence> logger)
    : BackgroundService, IPresenceTracker, IPresenceCoordinator
{
    private const string ChangeScript = """
        redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
        local others = 0
        for _, n in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          if n ~= ARGV[1] then
            local s = redis.call('ZSCORE', KEYS[3], n)
            if s and tonumber(s) >= tonumber(ARGV[3]) then others = others + 1 end
          end
        end
        if ARGV[5] == '1' then
          redis.call('SADD', KEYS[1], ARGV[1])
          redis.call('SADD', KEYS[2], ARGV[2])
        else
          redis.call('SREM', KEYS[1], ARGV[1])
          redis.call('SREM', KEYS[2], ARGV[2])
        end
        return others
        """;

    private volatile HashSet<string> _liveNodes = [];
    private volatile bool _reregister = true;

    private string Node => redis.NodeId.ToString("N");

    private RedisKey NodesKey => redis.Key("{presence}:nodes");

    private RedisKey UserKey(Guid userId) => redis.Key("{presence}:u:" + userId.ToString("N"));

    private RedisKey NodeKey(string node) => redis.Key("{presence}:n:" + node);

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private long AliveSince => Now - (long)(redis.Options.NodeTimeout - redis.Options.HeartbeatInterval).TotalMilliseconds;

    public bool IsOnline(Guid userId) => registry.IsOnline(userId) || OnlineElsewhere([userId]).Count > 0;

    public IReadOnlyCollection<Guid> OnlineAmong(IEnumerable<Guid> userIds)
    {
        var ids = userIds.Distinct().ToList();
        var here = ids.Where(registry.IsOnline).ToList();
        var rest = ids.Except(here).ToList();
        return rest.Count == 0 ? here : [.. here, .. OnlineElsewhere(rest)];
    }

    public async Task<bool> ChangedAcrossNodesAsync(Guid userId, bool onlineHere, CancellationToken cancellationToken)
    {
        if (redis.TryGet() is not { } mux)
        {
            return true;
        }

        try
        {
            var others = (long)await mux.GetDatabase().ScriptEvaluateAsync(
                ChangeScript,
                [UserKey(userId), NodeKey(Node), NodesKey],
                [Node, userId.ToString("N"), AliveSince, Now, onlineHere ? "1" : "0"]).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return others == 0;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            redis.Failed("recording presence", ex);
            _reregister = true;
            return true;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (await redis.Connected.WaitAsync(stoppingToken) is null)
        {
            return;
        }

        redis.Restored += () => _reregister = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BeatAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                _reregister = true;
                logger.LogDebug("Presence heartbeat failed ({Error})", ex.GetType().Name);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Presence heartbeat failed");
            }

            try
            {
                await Task.Delay(redis.Options.HeartbeatInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        // A node that stops cleanly leaves at once: its users go offline on the other nodes' next beat.
        if (redis.TryGet() is { } mux)
        {
            try
            {
                await mux.GetDatabase().SortedSetAddAsync(NodesKey, Node, 0).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogDebug("Leaving the presence set failed ({Error})", ex.GetType().Name);
            }
        }
    }

    private async Task BeatAsync(CancellationToken stoppingToken)
    {
        if (await redis.Connected is not { IsConnected: true } mux)
        {
            return;
        }

        var db = mux.GetDatabase();
        var timeout = TimeSpan.FromSeconds(5);
        await db.SortedSetAddAsync(NodesKey, Node, Now).WaitAsync(timeout, stoppingToken);
        if (_reregister)
        {
            _reregister = false;
            var users = registry.AllConnections().Select(c => c.UserId).Distinct().ToList();
            var nodeKey = NodeKey(Node);
            var writes = users.Select(u => (Task)db.SetAddAsync(UserKey(u), Node)).ToList();
            if (users.Count > 0)
            {
                writes.Add(db.SetAddAsync(nodeKey, users.Select(u => (RedisValue)u.ToString("N")).ToArray()));
            }

            await Task.WhenAll(writes).WaitAsync(timeout, stoppingToken);
        }

        var alive = await db.SortedSetRangeByScoreAsync(NodesKey, AliveSince, double.PositiveInfinity).WaitAsync(timeout, stoppingToken);
        _liveNodes = alive.Select(n => n.ToString()).ToHashSet();

        var dead = await db.SortedSetRangeByScoreAsync(NodesKey, double.NegativeInfinity, AliveSince, Exclude.Stop).WaitAsync(timeout, stoppingToken);
        foreach (var node in dead.Select(n => n.ToString()))
        {
            if (!await db.SortedSetRemoveAsync(NodesKey, node).WaitAsync(timeout, stoppingToken))
            {
                continue; // another survivor took it
            }

            var users = await db.SetMembersAsync(NodeKey(node)).WaitAsync(timeout, stoppingToken);
            await db.KeyDeleteAsync(NodeKey(node)).WaitAsync(timeout, stoppingToken);
            logger.LogWarning("Node {NodeId} stopped beating; ending the presence of its {Count} user(s)", node, users.Length);
            foreach (var user in users.Select(u => Guid.Parse(u.ToString())))
            {
                await db.SetRemoveAsync(UserKey(user), node).WaitAsync(timeout, stoppingToken);
                if (!registry.IsOnline(user) && OnlineElsewhere([user]).Count == 0)
                {
                    await AnnounceOfflineAsync(user, stoppingToken);
                }
            }
        }
    }

    private async Task AnnounceOfflineAsync(Guid userId, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new PublishPresenceCommand(userId, false), stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Announcing that user {UserId} went offline with their node failed: {Error}", userId, ex.GetType().Name);
        }
    }

    // Users among these whose sockets are on another live node; empty when Redis cannot tell quickly.
    private List<Guid> OnlineElsewhere(IReadOnlyList<Guid> userIds)
    {
        var live = _liveNodes;
        var members = redis.Bounded("reading presence", db => Task.WhenAll(userIds.Select(u => db.SetMembersAsync(UserKey(u)))));
        if (members is null)
        {
            return [];
        }

        var me = Node;
        return userIds.Where((_, i) => members[i].Any(n => n.ToString() != me && live.Contains(n.ToString()))).ToList();
    }
}
