using Chat.Application.Common.Persistence;
using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Messages;
using Chat.Domain.Conversations;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Conversations;

/// <summary>
/// Serializes the writers of one conversation. Inside a transaction, a no-op UPDATE of the conversation row takes its
/// write lock (PostgreSQL: the row lock, held to commit; SQLite: the database write lock, which its IMMEDIATE
/// transactions already hold), so the counters read afterwards are current and nobody else moves them before commit.
/// A send batch locks its conversations without one UPDATE each: on SQLite with no statement at all
/// (<see cref="IChatDbContext.WritersSerialized"/>), on PostgreSQL with one (<see cref="IChatDbContext.LockConversationRowsAsync"/>).
/// Every command that changes messages or members takes this lock first, so locks are always taken in the same order.
/// The loaded <see cref="Conversation.MembershipVersion"/> is the committed one: a membership change advances it while
/// holding this row's lock (RecipientChangeInterceptor), so it cannot move before this transaction ends.
/// </summary>
internal static class ConversationLock
{
    /// <summary>The locked row, tracked; compiled once (every send loads it, <see cref="PageQueries"/>).</summary>
    private static readonly PageQueries.PerModel<Func<DbContext, Guid, CancellationToken, Task<Conversation?>>> Load = new(() => EF.CompileAsyncQuery(
        (DbContext context, Guid conversationId, CancellationToken _) =>
            context.Set<Conversation>().AsTracking().Where(c => c.Id == conversationId).SingleOrDefault()));

    /// <summary>
    /// A batch's locked rows, tracked, compiled once: not compiled, EF's per-query work (walking the LINQ tree, looking it
    /// up in the query cache) was 2.9 % of a send's CPU samples at half load, where a batch holds one or two sends
    /// (docs/benchmarks.md item 23). The ids are one array parameter, so the SQL is the same for any number.
    /// </summary>
    private static readonly PageQueries.PerModel<Func<DbContext, Guid[], IAsyncEnumerable<Conversation>>> LoadMany = new(() => EF.CompileAsyncQuery(
        (DbContext context, Guid[] conversationIds) =>
            context.Set<Conversation>().AsTracking().Where(c => conversationIds.Contains(c.Id))));

    public static async Task<Conversation> LockConversationAsync(
        this IChatDbContext db, Guid conversationId, CancellationToken cancellationToken, bool withParticipants = false)
    {
        if (!await LockRowAsync(db, conversationId, cancellationToken))
        {
            throw new NotFoundException($"There is no conversation {conversationId}.");
        }

        // Still there: the lock above holds it (PostgreSQL) or the write lock does (SQLite); a deletion waits for our commit.
        if (!withParticipants)
        {
            var context = (DbContext)db;
            return await Load.For(context)(context, conversationId, cancellationToken) ?? throw FoundQueries.Gone($"conversation {conversationId}");
        }

        return await db.Set<Conversation>().AsTracking().Include(c => c.Participants)
            .Where(c => c.Id == conversationId).SingleOrNotFoundAsync($"conversation {conversationId}", cancellationToken);
    }

    /// <summary>
    /// Locks each of <paramref name="conversationIds"/> in ascending id order (the order every process uses, so two
    /// batches never wait on each other in a cycle; on PostgreSQL the database's uuid order, in one statement,
    /// <see cref="IChatDbContext.LockConversationRowsAsync"/>), then loads the locked rows in one query, tracked. A conversation
    /// that no longer exists is absent from the answer.
    /// </summary>
    public static async Task<Dictionary<Guid, Conversation>> LockConversationsAsync(
        this IChatDbContext db, IEnumerable<Guid> conversationIds, CancellationToken cancellationToken)
    {
        var ordered = conversationIds.Distinct().Order().ToList();
        // SQLite: the transaction's write lock already keeps every other writer out, so nothing is sent and the load below
        // is the existence check. PostgreSQL: one statement locks the rows. (A batch over 32 conversations ran 32
        // UPDATEs, each a round trip on PostgreSQL.) Elsewhere (SQL Server): a no-op UPDATE per row.
        var present = db.WritersSerialized ? ordered : (await db.LockConversationRowsAsync(ordered, cancellationToken))?.ToList();
        if (present is null)
        {
            present = [];
            foreach (var id in ordered)
            {
                if (await LockRowAsync(db, id, cancellationToken))
                {
                    present.Add(id);
                }
            }
        }
        else
        {
            foreach (var id in present)
            {
                await RefreshTrackedAsync(db, id, cancellationToken);
            }
        }

        if (present.Count == 0)
        {
            return [];
        }

        var context = db.AsDbContext();
        return (await LoadMany.For(context)(context, [.. present]).ToListAsync(cancellationToken)).ToDictionary(c => c.Id);
    }

    /// <summary>The row lock (a no-op UPDATE); false when the conversation is gone.</summary>
    private static async Task<bool> LockRowAsync(IChatDbContext db, Guid conversationId, CancellationToken cancellationToken)
    {
        var locked = await db.Set<Conversation>()
            .Where(c => c.Id == conversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Version, c => c.Version), cancellationToken);
        if (locked == 0)
        {
            return false;
        }

        await RefreshTrackedAsync(db, conversationId, cancellationToken);
        return true;
    }

    /// <summary>
    /// A conversation tracked before the lock keeps the values it was read with (EF does not overwrite tracked
    /// entities): its membership version must be the one under the lock, which message events carry (docs/scale-out.md).
    /// </summary>
    private static async Task RefreshTrackedAsync(IChatDbContext db, Guid conversationId, CancellationToken cancellationToken)
    {
        if (TrackedEntry(db, conversationId) is { } tracked)
        {
            var current = await db.Set<Conversation>().Where(c => c.Id == conversationId).Select(c => c.MembershipVersion).SingleAsync(cancellationToken);
            var property = tracked.Property(c => c.MembershipVersion);
            property.OriginalValue = current;
            property.CurrentValue = current;
            property.IsModified = false;
        }
    }

    /// <summary>
    /// The tracked conversation, found by key in the identity map. <c>DbSet.Local</c> first runs DetectChanges over
    /// every tracked entity, which a batch of sends (one lock per conversation, each with the messages appended so
    /// far) made quadratic: 1.3 % of a durable send's CPU (profiled). A lookup by key does not need it.
    /// </summary>
    private static Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<Conversation>? TrackedEntry(IChatDbContext db, Guid conversationId)
    {
        var tracker = ((DbContext)db).ChangeTracker;
        var detects = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return db.Set<Conversation>().Local.FindEntry(conversationId);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detects;
        }
    }
}
