using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;

namespace Chat.Infrastructure.Realtime;

/// <summary>
/// In-memory ticket store: 32 random bytes, base64url; the store keys on the ticket's SHA-256, never the ticket.
/// Bounded: at most <see cref="MaxPerUser"/> outstanding tickets per user (a new one retires that user's oldest) and
/// <see cref="MaxOutstanding"/> in all (expired ones are pruned first; past that, issuing answers 429).
/// </summary>
internal sealed class RealtimeTicketStore(TimeProvider clock) : IRealtimeTickets
{
    public const int MaxPerUser = 20;
    public const int MaxOutstanding = 100_000;

    private readonly Dictionary<string, Entry> _byHash = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Queue<string>> _byUser = [];
    private readonly Lock _gate = new();

    public int LifetimeSeconds => 30;

    public string Issue(RealtimeTicketGrant grant)
    {
        var ticket = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var hash = Hash(ticket);
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_byHash.Count >= MaxOutstanding)
            {
                PruneExpired(now);
                if (_byHash.Count >= MaxOutstanding)
                {
                    throw new RateLimitedException(LifetimeSeconds);
                }
            }

            if (!_byUser.TryGetValue(grant.UserId, out var mine))
            {
                mine = new Queue<string>();
                _byUser[grant.UserId] = mine;
            }

            while (mine.Count >= MaxPerUser)
            {
                _byHash.Remove(mine.Dequeue());
            }

            mine.Enqueue(hash);
            _byHash[hash] = new Entry(grant, now.AddSeconds(LifetimeSeconds));
        }

        return ticket;
    }

    public RealtimeTicketGrant? Redeem(string ticket)
    {
        if (string.IsNullOrEmpty(ticket) || ticket.Length > 100)
        {
            return null;
        }

        var hash = Hash(ticket);
        lock (_gate)
        {
            if (!_byHash.Remove(hash, out var entry))
            {
                return null;
            }

            ForgetOfUser(entry.Grant.UserId, hash);
            return entry.ExpiresAt > clock.GetUtcNow() ? entry.Grant : null;
        }
    }

    public int OutstandingCount
    {
        get
        {
            lock (_gate)
            {
                return _byHash.Count;
            }
        }
    }

    private void PruneExpired(DateTimeOffset now)
    {
        foreach (var (hash, entry) in _byHash.Where(e => e.Value.ExpiresAt <= now).ToList())
        {
            _byHash.Remove(hash);
            ForgetOfUser(entry.Grant.UserId, hash);
        }
    }

    private void ForgetOfUser(Guid userId, string hash)
    {
        if (!_byUser.TryGetValue(userId, out var mine))
        {
            return;
        }

        var rest = mine.Where(h => h != hash).ToList();
        if (rest.Count == 0)
        {
            _byUser.Remove(userId);
        }
        else
        {
            _byUser[userId] = new Queue<string>(rest);
        }
    }

    private static string Hash(string ticket) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ticket)));

    private sealed record Entry(RealtimeTicketGrant Grant, DateTimeOffset ExpiresAt);
}
