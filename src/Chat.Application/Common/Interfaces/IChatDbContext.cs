using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Common.Interfaces;

/// <summary>
/// The application's view of the database. Entity sets are reached through <see cref="Set{TEntity}"/>
/// so each feature adds its entities without touching this port.
/// </summary>
public interface IChatDbContext
{
    DbSet<TEntity> Set<TEntity>()
        where TEntity : class;

    /// <summary>Saves; domain events recorded on the saved entities are published after the commit.</summary>
    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="work"/> in one database transaction; domain events of every save inside are
    /// published only after the commit, and dropped on rollback.
    /// </summary>
    Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens the connection until the returned handle is disposed, so the commands in between share it instead of
    /// opening and closing it around each one. Opens are counted: nested uses and transactions are unaffected.
    /// </summary>
    Task<IAsyncDisposable> KeepConnectionOpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// True when a write transaction holds the whole database's write lock from its first statement (SQLite: every
    /// transaction begins IMMEDIATE), so nobody else writes until it ends and a row lock taken inside it adds a statement
    /// and nothing else. False on PostgreSQL and SQL Server, where writers lock rows.
    /// </summary>
    bool WritersSerialized { get; }

    /// <summary>
    /// Inside a transaction, takes the write locks of the conversation rows <paramref name="conversationIds"/> in one
    /// statement, in the database's own id order (the same in every process, so two batches never wait on each other
    /// in a cycle), and answers the ids that exist. PostgreSQL: <c>SELECT … ORDER BY "Id" FOR NO KEY UPDATE</c>, the lock
    /// an UPDATE of the row takes. Null where the provider has no such statement here (SQL Server): the caller then
    /// locks row by row.
    /// </summary>
    Task<IReadOnlyList<Guid>?> LockConversationRowsAsync(IReadOnlyList<Guid> conversationIds, CancellationToken cancellationToken);

    /// <summary>
    /// The messages already made with exactly these (conversation, sender, client id) keys: one statement that probes the
    /// unique index once per key. Lists per column would match their cross product, which PostgreSQL walks key by key
    /// (32 direct sends: 32 × 32 × 32 keys, 2.5 ms of its time per batch in the durable bench; docs/benchmarks.md item 27). Null where the provider has no such statement here (SQL Server): the
    /// caller then queries by lists.
    /// </summary>
    Task<IReadOnlyList<ClientIdMatch>?> FindByClientIdsAsync(IReadOnlyList<ClientIdMatch> keys, CancellationToken cancellationToken);

    /// <summary>Forgets every tracked entity (used before retrying a unit of work that lost a race).</summary>
    void ClearTracking();
}

/// <summary>
/// A message's idempotency key (conversation, sender, client id) and, in an answer of
/// <see cref="IChatDbContext.FindByClientIdsAsync"/>, the message's id (<see cref="Guid.Empty"/> in a question).
/// </summary>
public sealed record ClientIdMatch(Guid ConversationId, Guid SenderId, string ClientMessageId, Guid MessageId);
