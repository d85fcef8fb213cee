using System.Data.Common;
using System.Runtime.CompilerServices;
using Chat.Domain.Common;
using Chat.Domain.Conversations;
using Chat.Domain.Conversations.Events;
using Chat.Domain.Rooms.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Chat.Infrastructure.Realtime;

/// <summary>
/// Keeps the <see cref="RecipientCache"/> in step with membership changes saved through EF Core: before a save whose
/// entities recorded a membership event (participants added or removed, a conversation started, room members joined,
/// left, kicked or banned, a room or channel deleted) it marks those conversations and rooms as changing; once the save
/// is committed — or the transaction rolled back — it ends the marks. Both happen before the change's own events are
/// published (they go out after the commit).
/// </summary>
/// <remarks>
/// It also advances <see cref="Conversation.MembershipVersion"/> of every conversation whose recipients the save changes
/// (a conversation's participants added or removed; all channels of a room whose members joined, left, were kicked or
/// banned — <see cref="AdvancedBy"/>), with one UPDATE inside the save's transaction, before the change's own statements. A save without a
/// transaction gets one here (begun before the UPDATE, committed when the save succeeds, rolled back when it fails), so
/// the version and the membership are never committed apart. Created and deleted conversations need no step: nothing
/// can be cached at a version of a row that did not exist, and no event is committed into a deleted one. (SQL Server's
/// retrying execution strategy refuses a transaction begun here: membership changes there must be saved inside
/// <c>InTransactionAsync</c>, as every one is.)
/// </remarks>
public sealed class RecipientChangeInterceptor(RecipientCache cache) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<Guid>> _open = [];
    private readonly ConditionalWeakTable<DbContext, IDbContextTransaction> _owned = [];

    // The sync and async hooks share one body each (EF's own pattern): with async false every await below completes
    // synchronously, so the sync hooks can wait on it without blocking a thread.
    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        SavingAsync(eventData.Context, async: false, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await SavingAsync(eventData.Context, async: true, cancellationToken);
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SavedAsync(eventData.Context, committed: true, async: false, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await SavedAsync(eventData.Context, committed: true, async: true, cancellationToken);
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) =>
        SavedAsync(eventData.Context, committed: false, async: false, CancellationToken.None).GetAwaiter().GetResult();

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        SavedAsync(eventData.Context, committed: false, async: true, cancellationToken).AsTask();

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => End(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        End(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => End(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        End(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => End(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        End(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>The conversations or rooms whose recipients <paramref name="domainEvent"/> changes (none for other events).</summary>
    public static IEnumerable<Guid> AffectedBy(IDomainEvent domainEvent) => domainEvent switch
    {
        ParticipantsAdded e => [e.ConversationId],
        ParticipantRemoved e => [e.ConversationId],
        ConversationStarted e => [e.ConversationId],
        MemberJoined e => [e.RoomId],
        MemberLeft e => [e.RoomId],
        UserBanned e => [e.RoomId],
        RoomDeleted e => [e.RoomId],
        ChannelCreated e => [e.RoomId, e.ChannelId],
        ChannelDeleted e => [e.RoomId, e.ChannelId],
        _ => [],
    };

    /// <summary>
    /// Whose membership version <paramref name="domainEvent"/> advances: a conversation (its participants changed) or a
    /// room (its members changed, so all its channels); none for other events.
    /// </summary>
    public static (Guid? ConversationId, Guid? RoomId) AdvancedBy(IDomainEvent domainEvent) => domainEvent switch
    {
        ParticipantsAdded e => (e.ConversationId, null),
        ParticipantRemoved e => (e.ConversationId, null),
        MemberJoined e => (null, e.RoomId),
        MemberLeft e => (null, e.RoomId), // kicked and banned members leave with this too (a ban alone changes nobody's channels)
        _ => (null, null),
    };

    /// <summary>Marks the save's affected recipients as changing; steps membership versions in the save's transaction (begun here when there is none).</summary>
    private async ValueTask SavingAsync(DbContext? context, bool async, CancellationToken cancellationToken)
    {
        Begin(context);
        if (context is null || MembershipSteps(context) is not { } steps)
        {
            return;
        }

        try
        {
            if (context.Database.CurrentTransaction is null)
            {
                Own(context, async ? await context.Database.BeginTransactionAsync(cancellationToken) : context.Database.BeginTransaction());
            }

            var step = Step(context, steps);
            if (async)
            {
                await step.ExecuteAsync(cancellationToken);
            }
            else
            {
                step.Execute();
            }
        }
        catch
        {
            await FinishOwnedAsync(context, commit: false, async, cancellationToken);
            End(context);
            throw;
        }
    }

    /// <summary>After the save: commits (or rolls back) a transaction begun in <see cref="SavingAsync"/>; ends the marks unless a caller's transaction is still open.</summary>
    private async ValueTask SavedAsync(DbContext? context, bool committed, bool async, CancellationToken cancellationToken)
    {
        if (context is not null)
        {
            await FinishOwnedAsync(context, committed, async, cancellationToken);
        }

        EndUnlessInTransaction(context);
    }

    private async ValueTask FinishOwnedAsync(DbContext context, bool commit, bool async, CancellationToken cancellationToken)
    {
        if (Disown(context) is not { } owned)
        {
            return;
        }

        // Disposing without a commit rolls back.
        if (async)
        {
            await using (owned)
            {
                if (commit)
                {
                    await owned.CommitAsync(cancellationToken);
                }
            }
        }
        else
        {
            using (owned)
            {
                if (commit)
                {
                    owned.Commit();
                }
            }
        }
    }

    private static MembershipStep? MembershipSteps(DbContext context)
    {
        HashSet<Guid>? conversations = null;
        HashSet<Guid>? rooms = null;
        // A new conversation or room (its first members) has no row yet, so nothing of it can be cached: no step.
        foreach (var entry in context.ChangeTracker.Entries<Entity>().Where(e => e.State != EntityState.Added))
        {
            foreach (var domainEvent in entry.Entity.DomainEvents)
            {
                var (conversationId, roomId) = AdvancedBy(domainEvent);
                if (conversationId is { } c)
                {
                    (conversations ??= []).Add(c);
                }

                if (roomId is { } r)
                {
                    (rooms ??= []).Add(r);
                }
            }
        }

        return conversations is null && rooms is null ? null : new MembershipStep([.. conversations ?? []], [.. rooms ?? []]);
    }

    // One UPDATE for all of them; tracked conversations are told the new value, so events they raise later in the same
    // unit of work carry it (the tracked entity is not marked modified: the UPDATE already wrote it).
    private static BoundStep Step(DbContext context, MembershipStep step) => new(context, step);

    private void Own(DbContext context, IDbContextTransaction transaction)
    {
        lock (_owned)
        {
            _owned.AddOrUpdate(context, transaction);
        }
    }

    private IDbContextTransaction? Disown(DbContext context)
    {
        lock (_owned)
        {
            if (_owned.TryGetValue(context, out var owned))
            {
                _owned.Remove(context);
                return owned;
            }

            return null;
        }
    }

    private void Begin(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        List<Guid>? ids = null;
        foreach (var entry in context.ChangeTracker.Entries<Entity>())
        {
            foreach (var domainEvent in entry.Entity.DomainEvents)
            {
                foreach (var id in AffectedBy(domainEvent))
                {
                    (ids ??= []).Add(id);
                }
            }
        }

        if (ids is null)
        {
            return;
        }

        cache.BeginChange(ids);
        lock (_open)
        {
            _open.GetOrCreateValue(context).AddRange(ids);
        }
    }

    private void EndUnlessInTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            End(context);
        }
    }

    private void End(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        List<Guid> ids;
        lock (_open)
        {
            if (!_open.TryGetValue(context, out var open) || open.Count == 0)
            {
                return;
            }

            ids = [.. open];
            open.Clear();
        }

        cache.EndChange(ids);
    }

    private sealed record MembershipStep(Guid[] ConversationIds, Guid[] RoomIds);

    private readonly struct BoundStep(DbContext context, MembershipStep step)
    {
        public void Execute()
        {
            Query().ExecuteUpdate(s => s.SetProperty(c => c.MembershipVersion, c => c.MembershipVersion + 1));
            AdvanceTracked();
        }

        public async Task ExecuteAsync(CancellationToken cancellationToken)
        {
            await Query().ExecuteUpdateAsync(s => s.SetProperty(c => c.MembershipVersion, c => c.MembershipVersion + 1), cancellationToken);
            AdvanceTracked();
        }

        private IQueryable<Conversation> Query()
        {
            var conversations = step.ConversationIds;
            var rooms = step.RoomIds;
            return rooms.Length == 0
                ? context.Set<Conversation>().Where(c => conversations.Contains(c.Id))
                : context.Set<Conversation>().Where(c => conversations.Contains(c.Id) || (c.RoomId != null && rooms.Contains(c.RoomId.Value)));
        }

        private void AdvanceTracked()
        {
            foreach (var entry in context.ChangeTracker.Entries<Conversation>().ToList())
            {
                if (entry.State is EntityState.Added or EntityState.Deleted or EntityState.Detached)
                {
                    continue;
                }

                var conversation = entry.Entity;
                if (step.ConversationIds.Contains(conversation.Id) || (conversation.RoomId is { } room && step.RoomIds.Contains(room)))
                {
                    var property = entry.Property(c => c.MembershipVersion);
                    var advanced = property.OriginalValue + 1;
                    property.OriginalValue = advanced;
                    property.CurrentValue = advanced;
                    property.IsModified = false;
                }
            }
        }
    }
}
