using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Chat.Infrastructure.Persistence;

/// <summary>
/// A SQLite connection that stays open underneath EF Core's open and close, and keeps each statement it has run
/// prepared for the next time the same SQL comes (a statement cache, <see cref="StatementCapacity"/> per connection).
/// </summary>
/// <remarks>
/// <para>
/// Microsoft.Data.Sqlite compiles the SQL of every new command again (<c>sqlite3_prepare_v2</c>: tokenizer, parser,
/// query planner) and keeps nothing between commands; EF Core makes a new command for every execution and closes the
/// connection after it or at the end of the request, which disposes whatever was prepared on it. SQLite's parser and
/// planner were 6.8 % of a warm history page's CPU samples (docs/performance.md, "Prepared statements kept"). SQLite's
/// own guidance is to prepare once, then reset and bind again (https://sqlite.org/c3ref/stmt.html).
/// </para>
/// <para>
/// <b>Open and close are logical.</b> <see cref="Close"/> ends the use: it rolls back an unfinished transaction and
/// reports <see cref="ConnectionState.Closed"/>, so commands on it fail as on a closed connection and every
/// <c>ConnectionOpened</c> interceptor runs again on the next <see cref="Open"/>; the native connection and its
/// prepared statements stay. It is closed for real when a statement is still running or SQLite is still inside a
/// transaction at close (nothing of one use may reach the next), and when the connection is disposed: EF Core disposes
/// the connection of a context it disposes; a pooled context (<see cref="ChatDbContextRegistration"/>) keeps its
/// connection while it waits in the pool, which bounds how many are kept.
/// </para>
/// <para>
/// Prepared statements see schema changes: SQLite re-prepares a statement whose tables changed
/// (<c>SQLITE_SCHEMA</c>, handled inside <c>sqlite3_step</c>). EF Core's own SQLite functions (<c>regexp</c>, the
/// <c>ef_*</c> decimal helpers) are not registered here (EF adds them only to connections it creates); no query of
/// Chat uses them.
/// </para>
/// <para>
/// <b>Each native open sets the connection up</b> (these settings belong to the native connection, so every one gets
/// them explicitly rather than trusting the library's compiled-in defaults):
/// <list type="bullet">
/// <item><c>busy_timeout</c> = the command timeout. SQLite has one writer at a time; without a busy timeout
/// Microsoft.Data.Sqlite answers a busy database by sleeping 150 ms before each retry, so two concurrent writes cost
/// the second one 150 ms or more. With it, SQLite waits for the lock in small steps and the second write starts as soon
/// as the first commits (docs/decisions/0008).</item>
/// <item><c>synchronous</c> (<see cref="SqliteSynchronous"/>).</item>
/// <item><c>temp_store = MEMORY</c>: every INSERT of a send batch journals the index pages earlier statements of the
/// batch already changed, and past 64 KiB SQLite spilled that journal to a temporary file, one <c>pwrite</c> per page
/// (half of the server's writes in the durable bench, docs/databases.md). The one statement whose temporary data is
/// the size of the database, <c>VACUUM</c>, switches back to a file around itself.</item>
/// <item><c>SQLITE_DBCONFIG_ENABLE_QPSG</c> (<see cref="ConfigureNativeConnection"/>).</item>
/// </list>
/// </para>
/// </remarks>
internal sealed class KeptOpenSqliteConnection(string connectionString, SqliteSynchronous synchronous) : SqliteConnection(connectionString)
{
    /// <summary>Distinct SQL texts kept prepared per connection; the least recently used is dropped past it.</summary>
    public const int StatementCapacity = 64;

    private readonly Dictionary<string, PreparedCommand> _statements = new(StringComparer.Ordinal);
    private bool _inUse;
    private long _clock;

    /// <summary>Closed between uses, whatever the native connection's state.</summary>
    public override ConnectionState State => _inUse ? base.State : ConnectionState.Closed;

    public override void Open()
    {
        if (_inUse)
        {
            return;
        }

        _inUse = true;
        if (base.State == ConnectionState.Open)
        {
            OnStateChange(new StateChangeEventArgs(ConnectionState.Closed, ConnectionState.Open));
            return;
        }

        try
        {
            base.Open();
            ConfigureNativeConnection();
        }
        catch
        {
            _inUse = false;
            throw;
        }
    }

    private void ConfigureNativeConnection()
    {
        using (var pragmas = base.CreateCommand())
        {
            var level = synchronous == SqliteSynchronous.Normal ? "NORMAL" : "FULL";
            pragmas.CommandText = $"PRAGMA busy_timeout = {DefaultTimeout * 1000}; PRAGMA synchronous = {level}; PRAGMA temp_store = MEMORY;";
            pragmas.ExecuteNonQuery();
        }

        // SQLite otherwise reads a bound LIMIT (and a LIKE pattern) while planning and marks the statement to be prepared
        // again each time that parameter is bound, which is every execution (https://sqlite.org/c3ref/c_dbconfig_defensive.html).
        const int enableQueryPlannerStabilityGuarantee = 1007; // SQLITE_DBCONFIG_ENABLE_QPSG
        var rc = SQLitePCL.raw.sqlite3_db_config(Handle, enableQueryPlannerStabilityGuarantee, 1, out _);
        SqliteException.ThrowExceptionForRC(rc, Handle);
    }

    public override void Close()
    {
        if (!_inUse)
        {
            return;
        }

        Transaction?.Dispose();
        if (StillRunning())
        {
            CloseNativeConnection();
            return;
        }

        _inUse = false;
        OnStateChange(new StateChangeEventArgs(ConnectionState.Open, ConnectionState.Closed));
    }

    public override SqliteCommand CreateCommand() => new CachingCommand
    {
        Connection = this,
        CommandTimeout = DefaultTimeout,
        Transaction = Transaction,
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseNativeConnection();
        }

        base.Dispose(disposing);
    }

    // A reader left open, or a transaction begun with SQL (BEGIN) rather than through BeginTransaction.
    private bool StillRunning()
    {
        foreach (var statement in _statements.Values)
        {
            if (statement.HasOpenReader)
            {
                return true;
            }
        }

        return Handle is { } handle && SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0;
    }

    private void CloseNativeConnection()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _statements.Clear();
        _inUse = true;
        try
        {
            // Microsoft.Data.Sqlite's pool would hand the native connection on with the transaction still open.
            if (Handle is { } handle && SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0)
            {
                SQLitePCL.raw.sqlite3_exec(handle, "ROLLBACK");
            }

            base.Close();
        }
        finally
        {
            _inUse = false;
        }
    }

    /// <summary>The kept command for <paramref name="sql"/>, or null when it is running already (a nested read of the same SQL).</summary>
    private PreparedCommand? Rent(string sql)
    {
        if (_statements.TryGetValue(sql, out var kept))
        {
            if (kept.HasOpenReader)
            {
                return null;
            }

            kept.LastUsed = ++_clock;
            return kept;
        }

        if (_statements.Count >= StatementCapacity)
        {
            DropLeastRecentlyUsed();
        }

        kept = new PreparedCommand { Connection = this, CommandText = sql, LastUsed = ++_clock };
        _statements.Add(sql, kept);
        return kept;
    }

    private void DropLeastRecentlyUsed()
    {
        PreparedCommand? oldest = null;
        foreach (var statement in _statements.Values)
        {
            if (!statement.HasOpenReader && (oldest is null || statement.LastUsed < oldest.LastUsed))
            {
                oldest = statement;
            }
        }

        if (oldest is not null)
        {
            _statements.Remove(oldest.CommandText);
            oldest.Dispose();
        }
    }

    /// <summary>
    /// The command EF Core creates and disposes per execution: it runs its SQL on the connection's kept command, which
    /// Microsoft.Data.Sqlite prepares on its first execution and reuses after (it binds the parameters anew each time).
    /// </summary>
    private sealed class CachingCommand : SqliteCommand
    {
        public override SqliteDataReader ExecuteReader(CommandBehavior behavior)
        {
            if (Connection is not KeptOpenSqliteConnection { State: ConnectionState.Open } connection
                || connection.Rent(CommandText) is not { } kept)
            {
                return base.ExecuteReader(behavior);
            }

            kept.Transaction = Transaction;
            kept.CommandTimeout = CommandTimeout;
            kept.Parameters.Clear();
            foreach (SqliteParameter parameter in Parameters)
            {
                kept.Parameters.Add(parameter);
            }

            return kept.ExecuteReader(behavior);
        }
    }

    /// <summary>Makes EF Core's SQLite connections <see cref="KeptOpenSqliteConnection"/>s.</summary>
    public sealed class Creator : DbConnectionInterceptor
    {
        // One instance per level: EF builds its internal services once per distinct set of interceptors.
        private static readonly Creator Full = new(SqliteSynchronous.Full);
        private static readonly Creator Normal = new(SqliteSynchronous.Normal);

        private readonly SqliteSynchronous _synchronous;

        private Creator(SqliteSynchronous synchronous) => _synchronous = synchronous;

        public static Creator For(SqliteSynchronous synchronous) => synchronous == SqliteSynchronous.Normal ? Normal : Full;

        public override InterceptionResult<DbConnection> ConnectionCreating(ConnectionCreatingEventData eventData, InterceptionResult<DbConnection> result) =>
            InterceptionResult<DbConnection>.SuppressWithResult(new KeptOpenSqliteConnection(eventData.ConnectionString ?? string.Empty, _synchronous));
    }

    private sealed class PreparedCommand : SqliteCommand
    {
        public long LastUsed { get; set; }

        public bool HasOpenReader => DataReader is not null;
    }
}
