using System.Data.Common;
using System.Runtime.CompilerServices;
using Chat.Domain.Common;
using Chat.Domain.Conversations.Events;
using Chat.Domain.Rooms.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Chat.Infrastructure.Realtime;

/// <summary>
/// Keeps the <see cref="RecipientCache"/> in step with membership changes saved through EF Core: before a save whose
/// entities recorded a membership event (participants added or removed, a conversation started, room members joined,
/// left, kicked or banned, a room or channel deleted) it marks those conversations and rooms as changing; once the save
/// is committed — or the transaction rolled back — it ends the marks. Both happen before the change's own events are
/// published (they go out after the commit).
/// </summary>
public sealed class RecipientChangeInterceptor(RecipientCache cache) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<Guid>> _open = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Begin(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Begin(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EndUnlessInTransaction(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        EndUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => EndUnlessInTransaction(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        EndUnlessInTransaction(eventData.Context);
        return Task.CompletedTask;
    }

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
}
