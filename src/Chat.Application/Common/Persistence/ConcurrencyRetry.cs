using Chat.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Common.Persistence;

/// <summary>
/// Runs a load–decide–save unit of work again when its save lost a race: a unique key refused the insert (someone
/// inserted the same pair first) or the row changed or vanished under it. Each new attempt starts from a clean change
/// tracker and reloads, so it answers from the winner's state (for example, "request exists" or "accepted").
/// </summary>
internal static class ConcurrencyRetry
{
    public const int MaxAttempts = 3;

    public static async Task<T> RunAsync<T>(IChatDbContext db, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var attemptNumber = 1; ; attemptNumber++)
        {
            try
            {
                return await attempt(cancellationToken);
            }
            catch (DbUpdateException) when (attemptNumber < MaxAttempts)
            {
                db.ClearTracking();
            }
        }
    }

    /// <summary>The same, each attempt in its own transaction (rolled back before the next one starts).</summary>
    public static Task<T> InTransactionWithRetryAsync<T>(this IChatDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(db, ct => db.InTransactionAsync(work, ct), cancellationToken);
}
