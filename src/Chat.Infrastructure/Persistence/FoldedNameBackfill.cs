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
/// simply continues next time. New and changed rows are folded by the entities themselves.
/// </summary>
public static class FoldedNameBackfill
{
    private const int BatchSize = 500;

    /// <summary>Folds every row still missing its folded name; returns how many rows it changed.</summary>
    public static async Task<int> RunAsync(ChatDbContext db, CancellationToken cancellationToken = default)
    {
        var changed = 0;
        changed += await FillAsync(
            db, db.Set<User>().Where(u => u.NormalizedDisplayName == ""),
            user => db.Entry(user).Property(u => u.NormalizedDisplayName).CurrentValue = UnicodeText.FoldForSearch(user.DisplayName),
            cancellationToken);
        changed += await FillAsync(
            db, db.Set<Room>().Where(r => r.NormalizedName == ""),
            room => db.Entry(room).Property(r => r.NormalizedName).CurrentValue = UnicodeText.FoldForSearch(room.Name),
            cancellationToken);
        changed += await FillAsync(
            db, db.Set<Conversation>().Where(c => c.Title != null && c.NormalizedTitle == null),
            conversation => db.Entry(conversation).Property(c => c.NormalizedTitle).CurrentValue = UnicodeText.FoldForSearch(conversation.Title),
            cancellationToken);
        db.ChangeTracker.Clear();
        return changed;
    }

    // Batches in id order (a row whose name folds to nothing cannot make the loop spin), saved batch by batch.
    private static async Task<int> FillAsync<T>(ChatDbContext db, IQueryable<T> pending, Action<T> fold, CancellationToken cancellationToken)
        where T : Entity
    {
        var changed = 0;
        var after = Guid.Empty;
        while (true)
        {
            var last = after;
            var batch = await pending.Where(e => e.Id.CompareTo(last) > 0).OrderBy(e => e.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return changed;
            }

            batch.ForEach(fold);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            changed += batch.Count;
            after = batch[^1].Id;
        }
    }
}
