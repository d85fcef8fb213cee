using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Chat.Infrastructure.Persistence;

/// <summary>
/// The EF Core unit of work. Domain events recorded on saved entities are published after the commit:
/// right after <see cref="SaveChangesAsync"/> when no transaction is open, else when
/// <see cref="InTransactionAsync{T}"/> commits. Ordered events (<see cref="IOrderedDomainEvent"/>) reserve their place
/// with <see cref="IEventOrdering"/> before the commit and release it once published or rolled back.
/// <para>
/// Contexts are pooled (<see cref="ChatDbContextRegistration"/>): building a context's EF services per scope was about
/// 6 % of a send's and of a history page's CPU (profiled, issue 11). A leased context gets its scope's dispatcher and
/// ordering through <see cref="WithEvents"/>; disposing it (returning it to the pool) drops them and anything pending.
/// </para>
/// </summary>
public sealed class ChatDbContext(DbContextOptions<ChatDbContext> options) : DbContext(options), IChatDbContext
{
    private readonly List<IDomainEvent> _pendingEvents = [];
    private readonly List<IDisposable> _reservations = [];
    private IDomainEventDispatcher? _dispatcher;
    private IEventOrdering? _ordering;

    /// <summary>Publishes this scope's domain events through <paramref name="dispatcher"/>, ordered by <paramref name="ordering"/> (both optional).</summary>
    public ChatDbContext WithEvents(IDomainEventDispatcher? dispatcher, IEventOrdering? ordering)
    {
        _dispatcher = dispatcher;
        _ordering = ordering;
        return this;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ChatDbContext).Assembly);
        if (Database.IsSqlServer())
        {
            SqlServerModel.AvoidMultipleCascadePaths(modelBuilder);
        }

        // Message search on PostgreSQL: a stored tsvector column generated from "Terms" with a GIN index on it (SQLite uses an
        // FTS5 table instead). Stored, so a row-by-row check reads the vector instead of recomputing it (PostgresMessageSearch).
        if (Database.IsNpgsql())
        {
            var search = modelBuilder.Entity<Chat.Domain.Messages.MessageSearchEntry>();
            search.Property<NpgsqlTypes.NpgsqlTsVector>(PostgresSearchVector.Column).HasComputedColumnSql(PostgresSearchVector.Expression, stored: true);
            search.HasIndex(PostgresSearchVector.Column).HasMethod("GIN").HasDatabaseName(PostgresSearchVector.Index);
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Timestamps are UTC; SQLite hands them back unspecified, so mark them UTC on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    /// <remarks>
    /// Changes are detected once, here: every <c>ChangeTracker.Entries()</c> call (this method's, each saving
    /// interceptor's) and EF's own save would otherwise scan every tracked entity again, four scans per save, about a
    /// tenth of what a send batch allocated (docs/benchmarks.md, item 19). The interceptors change values through
    /// their entries (<c>PropertyEntry.CurrentValue</c>), which EF records without a scan.
    /// </remarks>
    public override async Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        List<Entity> entities;
        List<IDomainEvent> events;
        int written;
        try
        {
            entities = ChangeTracker.Entries<Entity>().Select(e => e.Entity).Where(e => e.DomainEvents.Count > 0).ToList();
            events = entities.SelectMany(e => e.DomainEvents).ToList();
            var reserved = _reservations.Count;
            Reserve(events);
            try
            {
                written = await base.SaveChangesAsync(cancellationToken);
            }
            catch
            {
                ReleaseReservations(from: reserved);
                throw;
            }
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }

        entities.ForEach(e => e.ClearDomainEvents());
        _pendingEvents.AddRange(events);
        if (Database.CurrentTransaction is null)
        {
            await PublishPendingAsync();
        }

        return written;
    }

    /// <inheritdoc />
    public bool WritersSerialized => Database.IsSqlite();

    /// <inheritdoc />
    public async Task<IReadOnlyList<Guid>?> LockConversationRowsAsync(IReadOnlyList<Guid> conversationIds, CancellationToken cancellationToken)
    {
        if (!Database.IsNpgsql())
        {
            return null;
        }

        // The rows are locked as they leave the sort (PostgreSQL's LockRows runs above Sort), so in uuid order.
        // NO KEY UPDATE, not UPDATE: the lock a plain UPDATE of the row takes, which does not conflict with the key-share
        // locks of foreign-key checks (a message or participant inserted elsewhere that references the conversation).
        var ids = conversationIds.ToArray();
        return await Database
            .SqlQuery<Guid>($"SELECT \"Id\" AS \"Value\" FROM \"Conversations\" WHERE \"Id\" = ANY ({ids}) ORDER BY \"Id\" FOR NO KEY UPDATE")
            .ToListAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ClientIdMatch>?> FindByClientIdsAsync(IReadOnlyList<ClientIdMatch> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        const string Columns = """SELECT m."ConversationId", m."SenderId", m."ClientMessageId", m."Id" FROM """;
        var connection = Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        if (Database.IsNpgsql())
        {
            // unnest of several arrays zips them: one row per key.
            command.CommandText = Columns + """
                unnest(@conversations, @senders, @clientIds) AS k("ConversationId", "SenderId", "ClientMessageId")
                JOIN "Messages" AS m ON m."ConversationId" = k."ConversationId" AND m."SenderId" = k."SenderId" AND m."ClientMessageId" = k."ClientMessageId"
                """;
            command.Parameters.Add(new Npgsql.NpgsqlParameter<Guid[]>("conversations", keys.Select(k => k.ConversationId).ToArray()));
            command.Parameters.Add(new Npgsql.NpgsqlParameter<Guid[]>("senders", keys.Select(k => k.SenderId).ToArray()));
            command.Parameters.Add(new Npgsql.NpgsqlParameter<string[]>("clientIds", keys.Select(k => k.ClientMessageId).ToArray()));
        }
        else if (Database.IsSqlite())
        {
            // One JSON array of [conversation, sender, client id] triples; ids as EF Core stores a Guid in SQLite (upper-case text).
            command.CommandText = Columns + """
                json_each(@keys) AS k
                JOIN "Messages" AS m ON m."ConversationId" = json_extract(k.value, '$[0]') AND m."SenderId" = json_extract(k.value, '$[1]')
                    AND m."ClientMessageId" = json_extract(k.value, '$[2]')
                """;
            command.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("@keys", System.Text.Json.JsonSerializer.Serialize(keys.Select(k => new[]
            {
                k.ConversationId.ToString().ToUpperInvariant(), k.SenderId.ToString().ToUpperInvariant(), k.ClientMessageId,
            }))));
        }
        else
        {
            return null;
        }

        // A plain command on the context's connection and transaction, not EF's raw-SQL query: it runs in every send
        // batch, and needs no query pipeline. EF's interceptors (GroupCommitTests' command counter) do not see it.
        command.Transaction = Database.CurrentTransaction?.GetDbTransaction();
        await Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var found = new List<ClientIdMatch>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(new ClientIdMatch(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetGuid(3)));
            }

            return found;
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }

    public async Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        if (Database.CurrentTransaction is not null)
        {
            return await work(cancellationToken);
        }

        // A retrying execution strategy (SQL Server's: deadlock victims, transient faults) must own the transactions we
        // open ourselves; a retried attempt starts from what the database holds. The non-retrying ones are bypassed:
        // Npgsql's would wrap a transient DbUpdateException in an InvalidOperationException that ConcurrencyRetry misses.
        var strategy = Database.CreateExecutionStrategy();
        var attempts = 0;
        Func<CancellationToken, Task<T>> attempt =
            async ct =>
            {
                if (attempts++ > 0)
                {
                    ChangeTracker.Clear();
                }

                await using var transaction = await Database.BeginTransactionAsync(ct);
                try
                {
                    var value = await work(ct);
                    await transaction.CommitAsync(ct);
                    return value;
                }
                catch
                {
                    _pendingEvents.Clear();
                    ReleaseReservations();
                    throw;
                }
            };
        var result = strategy.RetriesOnFailure
            ? await strategy.ExecuteAsync(attempt, cancellationToken)
            : await attempt(cancellationToken);

        await PublishPendingAsync();
        return result;
    }

    public void ClearTracking() => ChangeTracker.Clear();

    public async Task<IAsyncDisposable> KeepConnectionOpenAsync(CancellationToken cancellationToken)
    {
        await Database.OpenConnectionAsync(cancellationToken);
        return new OpenConnection(this);
    }

    /// <summary>
    /// Set on a pooled context handed to a scope (<see cref="ChatDbContextRegistration"/>): only that scope's lease
    /// returns it to the pool. The container also disposes every object a factory registration hands out, and this one
    /// is handed out twice (as itself and as <see cref="IChatDbContext"/>): a second return, after another scope had
    /// leased the context from the pool, took it from under that scope ("Cannot access a disposed context", seen as a
    /// 500 under concurrent requests).
    /// </summary>
    internal bool LeasedToScope { get; set; }

    public override void Dispose()
    {
        if (!LeasedToScope)
        {
            Return();
        }
    }

    public override ValueTask DisposeAsync() => LeasedToScope ? default : ReturnAsync();

    /// <summary>Back to the pool (or disposed, when not pooled).</summary>
    internal void Return()
    {
        Detach();
        base.Dispose();
    }

    /// <inheritdoc cref="Return"/>
    internal ValueTask ReturnAsync()
    {
        Detach();
        return base.DisposeAsync();
    }

    // Back to the pool: nothing of this scope may reach the next one.
    private void Detach()
    {
        ReleaseReservations();
        _pendingEvents.Clear();
        _dispatcher = null;
        _ordering = null;
    }

    private async Task PublishPendingAsync()
    {
        try
        {
            if (_pendingEvents.Count == 0 || _dispatcher is null)
            {
                _pendingEvents.Clear();
                return;
            }

            var events = _pendingEvents.ToList();
            _pendingEvents.Clear();

            // The change is committed: the request's cancellation must not stop its events.
            await _dispatcher.DispatchAsync(events, CancellationToken.None);
        }
        finally
        {
            ReleaseReservations();
        }
    }

    private void Reserve(List<IDomainEvent> events)
    {
        if (_ordering is null)
        {
            return;
        }

        foreach (var ordered in events.OfType<IOrderedDomainEvent>())
        {
            _reservations.Add(_ordering.Reserve(ordered.StreamId, ordered.Position));
        }
    }

    private void ReleaseReservations(int from = 0)
    {
        for (var i = _reservations.Count - 1; i >= from; i--)
        {
            _reservations[i].Dispose();
            _reservations.RemoveAt(i);
        }
    }

    private sealed class OpenConnection(ChatDbContext context) : IAsyncDisposable
    {
        private int _closed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                await context.Database.CloseConnectionAsync();
            }
        }
    }
}
