using Chat.Domain.Common;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Chat.Infrastructure.Persistence;

/// <summary>
/// Fills the folded name columns (<see cref="UnicodeText.FoldForSearch"/>) of rows written before they existed:
/// migration <c>20261129000500_TextInCodePoints</c> leaves <c>Users.NormalizedDisplayName</c> and
/// <c>Rooms.NormalizedName</c> empty and <c>Conversations.NormalizedTitle</c> null. Runs after every migration (start-up
/// and <c>migrate</c>, under the migration lock); once everything is filled each query finds nothing, and a run cut short
/// simply continues next time. New and changed rows are folded by the entities themselves. Reads only ids and names and
/// writes only the folded column, batch by batch, each batch in one transaction.
/// </summary>
public static class FoldedNameBackfill
{
    private const int BatchSize = 500;

    /// <summary>Folds every row still missing its folded name; returns how many rows it changed.</summary>
    public static async Task<int> RunAsync(ChatDbContext db, CancellationToken cancellationToken = default)
    {
        var changed = 0;
        changed += await FillAsync(
            db,
            after => db.Set<User>().Where(u => u.NormalizedDisplayName == "" && u.Id.CompareTo(after) > 0)
                .OrderBy(u => u.Id).Select(u => new Named(u.Id, u.DisplayName)),
            (row, ct) => db.Set<User>().Where(u => u.Id == row.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.NormalizedDisplayName, UnicodeText.FoldForSearch(row.Name)), ct),
            cancellationToken);
        changed += await FillAsync(
            db,
            after => db.Set<Room>().Where(r => r.NormalizedName == "" && r.Id.CompareTo(after) > 0)
                .OrderBy(r => r.Id).Select(r => new Named(r.Id, r.Name)),
            (row, ct) => db.Set<Room>().Where(r => r.Id == row.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.NormalizedName, UnicodeText.FoldForSearch(row.Name)), ct),
            cancellationToken);
        changed += await FillAsync(
            db,
            after => db.Set<Conversation>().Where(c => c.Title != null && c.NormalizedTitle == null && c.Id.CompareTo(after) > 0)
                .OrderBy(c => c.Id).Select(c => new Named(c.Id, c.Title!)),
            (row, ct) => db.Set<Conversation>().Where(c => c.Id == row.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.NormalizedTitle, UnicodeText.FoldForSearch(row.Name)), ct),
            cancellationToken);
        return changed;
    }

    private sealed record Named(Guid Id, string Name);

    // In id order (a row whose name folds to nothing cannot make the loop spin).
    private static async Task<int> FillAsync(
        ChatDbContext db, Func<Guid, IQueryable<Named>> pendingAfter, Func<Named, CancellationToken, Task<int>> update, CancellationToken cancellationToken)
    {
        var changed = 0;
        var after = Guid.Empty;
        while (true)
        {
            var batch = await pendingAfter(after).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return changed;
            }

            await db.InTransactionAsync(
                async ct =>
                {
                    foreach (var row in batch)
                    {
                        await update(row, ct);
                    }

                    return batch.Count;
                },
                cancellationToken);
            changed += batch.Count;
            after = batch[^1].Id;
        }
    }
}
