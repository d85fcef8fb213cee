using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Chat.Infrastructure.Persistence;

/// <summary>
/// SQLite has one writer at a time. Without a busy timeout, Microsoft.Data.Sqlite answers a busy database by sleeping
/// 150 ms before each retry, so two concurrent writes cost the second one 150 ms or more. With <c>busy_timeout</c>
/// set, SQLite itself waits for the lock in small steps and the second write starts as soon as the first commits.
/// The same command sets <c>synchronous</c> (<see cref="SqliteSynchronous"/>): it is a per-connection setting, so every
/// connection gets it explicitly rather than trusting the library's compiled-in default. <c>temp_store = MEMORY</c>
/// keeps statement journals in memory: every INSERT of a send batch journals the index pages earlier statements of the
/// batch already changed, and past 64 KiB SQLite spilled that journal to a temporary file, one <c>pwrite</c> per page
/// (half of the server's writes in the durable bench, docs/databases.md). The one statement whose temporary data is the
/// size of the database, <c>VACUUM</c>, switches back to a file around itself.
/// </summary>
/// <remarks>
/// EF opens and closes the connection around every query outside a transaction, so this runs several times per request.
/// Both settings belong to the native connection, which Microsoft.Data.Sqlite's pool keeps open between uses: each
/// native handle is set up once (remembered weakly, so a handle the pool closes is forgotten with it).
/// </remarks>
internal sealed class SqliteBusyTimeoutInterceptor : DbConnectionInterceptor
{
    private static readonly SqliteBusyTimeoutInterceptor Full = new("FULL");
    private static readonly SqliteBusyTimeoutInterceptor Normal = new("NORMAL");

    private readonly string _synchronous;
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];

    private SqliteBusyTimeoutInterceptor(string synchronous) => _synchronous = synchronous;

    /// <summary>One shared instance per level (EF builds a service provider per distinct set of interceptors).</summary>
    public static SqliteBusyTimeoutInterceptor For(SqliteSynchronous synchronous) => synchronous == SqliteSynchronous.Normal ? Normal : Full;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (AlreadyConfigured(connection))
        {
            return;
        }

        using var command = Command(connection);
        command.ExecuteNonQuery();
        Remember(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (AlreadyConfigured(connection))
        {
            return;
        }

        await using var command = Command(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        Remember(connection);
    }

    private bool AlreadyConfigured(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && _configured.TryGetValue(handle, out _);

    private void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            _configured.TryAdd(handle, this);
        }
    }

    private DbCommand Command(DbConnection connection)
    {
        var command = connection.CreateCommand();
        var milliseconds = connection is SqliteConnection sqlite ? sqlite.DefaultTimeout * 1000 : 30_000;
        command.CommandText = $"PRAGMA busy_timeout = {milliseconds}; PRAGMA synchronous = {_synchronous}; PRAGMA temp_store = MEMORY;";
        return command;
    }
}
