using System.Collections.Concurrent;
using Chat.Application.Common.Interfaces;

namespace Chat.Infrastructure.RateLimiting;

/// <summary>
/// Failed logins, counted so that an attacker cannot lock the owner out (OWASP Authentication Cheat Sheet, "Account
/// lockout"): policy <c>Login</c> (<c>PermitLimit</c> failures per <c>WindowSeconds</c>; a limit of 0 turns all of it off).
/// <list type="bullet">
/// <item>Per account <b>and</b> address: after <c>PermitLimit</c> failures within the window, each further attempt from
/// that address for that account waits a growing delay after the last failure — 30 s, 60 s, 120 s, … up to the window.
/// The same account from any other address is not slowed down.</item>
/// <item>Per address: at most <c>AddressPermitLimit</c> failures within the window (default ten times
/// <c>PermitLimit</c>) over all accounts, then refused until the oldest ages out — one address guessing many names.</item>
/// </list>
/// A correct password clears its account-and-address count.
/// </summary>
internal sealed class LoginThrottle(RateLimitPolicies policies, TimeProvider clock) : ILoginThrottle
{
    /// <summary>The first delay once the pair's limit is reached; it doubles with each further failure.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(30);

    private const int PruneThreshold = 10_000;
    private const int GrowthSteps = 16;
    private readonly ConcurrentDictionary<string, Queue<DateTime>> _failures = new();

    private RateLimitPolicy Policy => policies[RateLimitPolicies.Login];

    private int AddressLimit => policies.Setting(RateLimitPolicies.Login, "AddressPermitLimit") is { } configured and > 0
        ? configured
        : Policy.PermitLimit * 10;

    public int? RetryAfterSeconds(string normalizedUsername, string? clientAddress)
    {
        var policy = Policy;
        if (!policy.Enabled)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var wait = TimeSpan.Zero;
        if (Count(PairKey(normalizedUsername, clientAddress), now, policy, out var pairFailures, out _, out var last) >= policy.PermitLimit)
        {
            var steps = Math.Min(GrowthSteps, pairFailures - policy.PermitLimit);
            var delay = TimeSpan.FromTicks(Math.Min(policy.Window.Ticks, FirstDelay.Ticks << steps));
            wait = last + delay - now;
        }

        if (!string.IsNullOrEmpty(clientAddress)
            && Count(AddressKey(clientAddress), now, policy, out var addressFailures, out var oldest, out _) >= AddressLimit)
        {
            var addressWait = oldest + policy.Window - now;
            wait = addressWait > wait ? addressWait : wait;
        }

        return wait > TimeSpan.Zero ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : null;
    }

    public void RecordFailure(string normalizedUsername, string? clientAddress)
    {
        var policy = Policy;
        if (!policy.Enabled)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Add(PairKey(normalizedUsername, clientAddress), now, policy, policy.PermitLimit + GrowthSteps);
        if (!string.IsNullOrEmpty(clientAddress))
        {
            Add(AddressKey(clientAddress), now, policy, AddressLimit);
        }

        if (_failures.Count > PruneThreshold)
        {
            Prune(now);
        }
    }

    public void RecordSuccess(string normalizedUsername, string? clientAddress) =>
        _failures.TryRemove(PairKey(normalizedUsername, clientAddress), out _);

    private static string PairKey(string normalizedUsername, string? clientAddress) => $"pair:{normalizedUsername}|{clientAddress}";

    private static string AddressKey(string clientAddress) => "addr:" + clientAddress;

    private void Add(string key, DateTime now, RateLimitPolicy policy, int keep)
    {
        var queue = _failures.GetOrAdd(key, _ => new Queue<DateTime>());
        lock (queue)
        {
            Trim(queue, now, policy);
            queue.Enqueue(now);
            while (queue.Count > keep)
            {
                queue.Dequeue();
            }
        }
    }

    private int Count(string key, DateTime now, RateLimitPolicy policy, out int count, out DateTime oldest, out DateTime newest)
    {
        count = 0;
        oldest = newest = now;
        if (!_failures.TryGetValue(key, out var queue))
        {
            return 0;
        }

        lock (queue)
        {
            Trim(queue, now, policy);
            count = queue.Count;
            if (count > 0)
            {
                oldest = queue.Peek();
                newest = queue.Last();
            }

            return count;
        }
    }

    private static void Trim(Queue<DateTime> queue, DateTime now, RateLimitPolicy policy)
    {
        while (queue.Count > 0 && queue.Peek() + policy.Window <= now)
        {
            queue.Dequeue();
        }
    }

    private void Prune(DateTime now)
    {
        foreach (var (key, queue) in _failures)
        {
            lock (queue)
            {
                Trim(queue, now, Policy);
                if (queue.Count == 0)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }
}
