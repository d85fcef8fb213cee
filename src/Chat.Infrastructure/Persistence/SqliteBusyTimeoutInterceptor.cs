using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Chat.Infrastructure.Persistence;

/// <summary>
/// SQLite has one writer at a time. Without a busy timeout, Microsoft.Data.Sqlite answers a busy database by sleeping
/// 150 ms before each retry, so two concurrent writes cost the second one 150 ms or more. With <c>busy_timeout</c>
/// set, SQLite itself waits for the lock in small steps and the second write starts as soon as the first commits.
/// The same command sets <c>synchronous</c> (<see cref="SqliteSynchronous"/>): it is a per-connection setting, so every
/// connection gets it explicitly rather than trusting the library's compiled-in default.
/// </summary>
internal sealed class SqliteBusyTimeoutInterceptor : DbConnectionInterceptor
{
    private static readonly SqliteBusyTimeoutInterceptor Full = new("FULL");
    private static readonly SqliteBusyTimeoutInterceptor Normal = new("NORMAL");

    private readonly string _synchronous;

    private SqliteBusyTimeoutInterceptor(string synchronous) => _synchronous = synchronous;

    /// <summary>One shared instance per level (EF builds a service provider per distinct set of interceptors).</summary>
    public static SqliteBusyTimeoutInterceptor For(SqliteSynchronous synchronous) => synchronous == SqliteSynchronous.Normal ? Normal : Full;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = Command(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = Command(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand Command(DbConnection connection)
    {
        var command = connection.CreateCommand();
        var milliseconds = connection is SqliteConnection sqlite ? sqlite.DefaultTimeout * 1000 : 30_000;
        command.CommandText = $"PRAGMA busy_timeout = {milliseconds}; PRAGMA synchronous = {_synchronous};";
        return command;
    }
}
