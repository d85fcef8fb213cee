using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Chat.Infrastructure.Persistence;

/// <summary>
/// SQLite has one writer at a time. Without a busy timeout, Microsoft.Data.Sqlite answers a busy database by sleeping
/// 150 ms before each retry, so two concurrent writes cost the second one 150 ms or more. With <c>busy_timeout</c>
/// set, SQLite itself waits for the lock in small steps and the second write starts as soon as the first commits.
/// </summary>
/// <remarks>
/// EF opens and closes the connection around every query outside a transaction, so this runs several times per request:
/// the timeout is set on the pooled native handle directly (one call, no statement to prepare); the PRAGMA is the
/// fallback for a connection that is not Microsoft.Data.Sqlite's.
/// </remarks>
internal sealed class SqliteBusyTimeoutInterceptor : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (TrySetNative(connection))
        {
            return;
        }

        using var command = Command(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (TrySetNative(connection))
        {
            return;
        }

        await using var command = Command(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static bool TrySetNative(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } sqlite
        && SQLitePCL.raw.sqlite3_busy_timeout(handle, sqlite.DefaultTimeout * 1000) == SQLitePCL.raw.SQLITE_OK;

    private static DbCommand Command(DbConnection connection)
    {
        var command = connection.CreateCommand();
        var milliseconds = connection is SqliteConnection sqlite ? sqlite.DefaultTimeout * 1000 : 30_000;
        command.CommandText = $"PRAGMA busy_timeout = {milliseconds};";
        return command;
    }
}
