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
            skipped => db.Set<User>().Where(u => u.NormalizedDisplayName == "" && !skipped.Contains(u.Id))
                .OrderBy(u => u.DisplayName).Select(u => new Named(u.Id, u.DisplayName)),
            (row, ct) => db.Set<User>().Where(u => u.Id == row.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.NormalizedDisplayName, UnicodeText.FoldForSearch(row.Name)), ct),
            cancellationToken);
        changed += await FillAsync(
            db,
            skipped => db.Set<Room>().Where(r => r.NormalizedName == "" && !skipped.Contains(r.Id))
                .OrderBy(r => r.Name).Select(r => new Named(r.Id, r.Name)),
            (row, ct) => db.Set<Room>().Where(r => r.Id == row.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.NormalizedName, UnicodeText.FoldForSearch(row.Name)), ct),
            cancellationToken);
        changed += await FillAsync(
            db,
            skipped => db.Set<Conversation>().Where(c => c.Title != null && c.NormalizedTitle == null && !skipped.Contains(c.Id))
                .OrderBy(c => c.Title).Select(c => new Named(c.Id, c.Title!)),
            (row, ct) => db.Set<Conversation>().Where(c => c.Id == row.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.NormalizedTitle, UnicodeText.FoldForSearch(row.Name)), ct),
            cancellationToken);
        return changed;
    }

    private sealed record Named(Guid Id, string Name);

    // A filled row leaves the pending set; one whose name folds to nothing would stay in it, so it is skipped from then
    // on (the loop cannot spin). No order by id: SQL Server sorts uniqueidentifier unlike the other providers.
    private static async Task<int> FillAsync(
        ChatDbContext db, Func<IReadOnlyCollection<Guid>, IQueryable<Named>> pending, Func<Named, CancellationToken, Task<int>> update,
        CancellationToken cancellationToken)
    {
        var changed = 0;
        var skipped = new List<Guid>();
        while (true)
        {
            var batch = await pending(skipped).Take(BatchSize).ToListAsync(cancellationToken);
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
            skipped.AddRange(batch.Where(row => UnicodeText.FoldForSearch(row.Name).Length == 0).Select(row => row.Id));
        }
    }
}
