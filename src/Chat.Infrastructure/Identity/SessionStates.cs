using System.Collections.Concurrent;
using Chat.Domain.Users;
using Chat.Infrastructure.Persistence;
using Chat.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chat.Infrastructure.Identity;

/// <summary>
/// This node's memory of logins (sessions, the <c>sid</c> claim): which have ended and which were found alive. A login is
/// looked up in the database the first time this node sees it (one read per login per node, not per request), then
/// answered from memory. Ended logins are remembered for as long as any of their access tokens can still be valid
/// (access token lifetime plus clock skew); <see cref="SessionRevocationSync"/> learns of logins ended on other nodes.
/// </summary>
public sealed class SessionStates(
    ConnectionRegistry sockets, JwtOptions jwt, IServiceScopeFactory scopes, TimeProvider clock, ILogger<SessionStates> logger)
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _ended = new();
    private readonly ConcurrentDictionary<Guid, Alive> _alive = new();

    /// <summary>Logins this node currently remembers as ended (for tests and stats).</summary>
    public int EndedCount => _ended.Count;

    public bool IsEnded(Guid sessionId) => _ended.ContainsKey(sessionId);

    /// <summary>
    /// True when <paramref name="sessionId"/> is a login of <paramref name="userId"/> that has not ended. False for an
    /// ended login, a login of another user, or one that does not exist (its user was deleted).
    /// </summary>
    public async ValueTask<bool> IsAliveAsync(Guid userId, Guid sessionId, DateTimeOffset credentialsExpireAt, CancellationToken cancellationToken)
    {
        if (_ended.ContainsKey(sessionId))
        {
            return false;
        }

        var keepUntil = credentialsExpireAt + JwtOptions.ClockSkew;
        if (_alive.TryGetValue(sessionId, out var known))
        {
            if (known.UserId != userId)
            {
                return false;
            }

            if (known.Until < keepUntil)
            {
                _alive[sessionId] = known with { Until = keepUntil };
            }

            return !_ended.ContainsKey(sessionId);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var alive = await db.Set<RefreshToken>().AnyAsync(t => t.FamilyId == sessionId && t.UserId == userId && t.RevokedAt == null, cancellationToken);
        if (!alive)
        {
            return false;
        }

        _alive[sessionId] = new Alive(userId, keepUntil);

        // An end that raced this lookup wins.
        return !_ended.ContainsKey(sessionId);
    }

    /// <summary>
    /// Marks a login ended on this node and closes its sockets here with 4001. Idempotent. <paramref name="userId"/>
    /// narrows the socket search; the refresh tokens are revoked by the caller.
    /// </summary>
    public void Ended(Guid userId, Guid sessionId)
    {
        var first = _ended.TryAdd(sessionId, clock.GetUtcNow() + jwt.AccessTokenLifetime + JwtOptions.ClockSkew + JwtOptions.ClockSkew);
        _alive.TryRemove(sessionId, out _);
        var closed = 0;
        foreach (var socket in sockets.ConnectionsOf(userId))
        {
            if (socket.LoginSessionId == sessionId)
            {
                socket.Close(SocketCloseCodes.SessionEnded, "The session ended.");
                closed++;
            }
        }

        if (first)
        {
            logger.LogInformation("Session {SessionId} of user {UserId} ended; {SocketCount} socket(s) closed on this node", sessionId, userId, closed);
        }
    }

    /// <summary>Forgets ended logins whose tokens have all expired and alive ones not seen for a token lifetime.</summary>
    public void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, until) in _ended)
        {
            if (until <= now)
            {
                _ended.TryRemove(id, out _);
            }
        }

        foreach (var (id, alive) in _alive)
        {
            if (alive.Until <= now)
            {
                _alive.TryRemove(id, out _);
            }
        }
    }

    private sealed record Alive(Guid UserId, DateTimeOffset Until);
}
