using Chat.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Common.Persistence;

/// <summary>Runs a unit of work in a transaction, again from scratch when it lost an optimistic-concurrency race.</summary>
internal static class ConcurrencyRetry
{
    public const int MaxAttempts = 10;

    public static async Task<T> InTransactionWithRetryAsync<T>(this IChatDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.InTransactionAsync(work, cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Someone changed a row we read (a read marker moved on another device): forget everything and redo.
                db.ClearTracking();
            }
        }
    }

    /// <summary>The same without a transaction, for a single save.</summary>
    public static async Task<T> SaveWithRetryAsync<T>(this IChatDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                db.ClearTracking();
            }
        }
    }
}
