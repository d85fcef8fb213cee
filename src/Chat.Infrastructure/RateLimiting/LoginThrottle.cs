using System.Collections.Concurrent;
using Chat.Application.Common.Interfaces;

namespace Chat.Infrastructure.RateLimiting;

/// <summary>
/// Counts failed logins per username and per client address in a sliding window (policy <c>Login</c>).
/// While either key holds PermitLimit failures within the window, attempts are refused until the oldest one ages out.
/// </summary>
internal sealed class LoginThrottle(RateLimitPolicies policies, TimeProvider clock) : ILoginThrottle
{
    private const int PruneThreshold = 10_000;
    private readonly ConcurrentDictionary<string, Queue<DateTime>> _failures = new();

    private RateLimitPolicy Policy => policies[RateLimitPolicies.Login];

    public int? RetryAfterSeconds(string normalizedUsername, string? clientAddress)
    {
        var policy = Policy;
        if (!policy.Enabled)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var wait = Keys(normalizedUsername, clientAddress).Select(key => WaitFor(key, now, policy)).Max();
        return wait > TimeSpan.Zero ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : null;
    }

    public void RecordFailure(string normalizedUsername, string? clientAddress)
    {
        if (!Policy.Enabled)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var key in Keys(normalizedUsername, clientAddress))
        {
            var queue = _failures.GetOrAdd(key, _ => new Queue<DateTime>());
            lock (queue)
            {
                Trim(queue, now, Policy);
                queue.Enqueue(now);
                while (queue.Count > Policy.PermitLimit)
                {
                    queue.Dequeue();
                }
            }
        }

        if (_failures.Count > PruneThreshold)
        {
            Prune(now);
        }
    }

    // A correct password clears the username's count; the address keeps its count (one address guessing many names).
    public void RecordSuccess(string normalizedUsername) => _failures.TryRemove("user:" + normalizedUsername, out _);

    private static IEnumerable<string> Keys(string normalizedUsername, string? clientAddress)
    {
        yield return "user:" + normalizedUsername;
        if (!string.IsNullOrEmpty(clientAddress))
        {
            yield return "addr:" + clientAddress;
        }
    }

    private TimeSpan WaitFor(string key, DateTime now, RateLimitPolicy policy)
    {
        if (!_failures.TryGetValue(key, out var queue))
        {
            return TimeSpan.Zero;
        }

        lock (queue)
        {
            Trim(queue, now, policy);
            return queue.Count >= policy.PermitLimit ? queue.Peek() + policy.Window - now : TimeSpan.Zero;
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
