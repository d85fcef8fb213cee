using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Chat.Infrastructure.Persistence;

/// <summary>What a database failure means for the caller (see <see cref="DatabaseFailures.Classify"/>).</summary>
public enum DatabaseFailureKind
{
    /// <summary>Not a database failure we recognise: a bug.</summary>
    None,

    /// <summary>The row the change touches, or its parent, was deleted meanwhile (a lost race with a deletion): 404 <c>not_found</c>.</summary>
    Gone,

    /// <summary>A unique key refused the change after the retries (a lost race with an equal change): 409 <c>conflict</c>.</summary>
    Conflict,

    /// <summary>The disk (or SQLite's page limit) is full: 503 <c>storage_full</c>; nothing of the change was written.</summary>
    StorageFull,

    /// <summary>The database is down, out of connections, busy beyond the wait, or cannot write its files: 503 <c>unavailable</c>.</summary>
    Unavailable,

    /// <summary>The database file is corrupt or not a database: 503 <c>unavailable</c>, and readiness fails until the operator repairs it.</summary>
    Corrupt,
}

/// <summary>
/// Tells apart the database failures that are not bugs, by provider error code: SQLite result codes
/// (https://www.sqlite.org/rescode.html), PostgreSQL SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html),
/// SQL Server error numbers. The exception and its inner exceptions are searched (EF wraps provider errors).
/// </summary>
public static class DatabaseFailures
{
    public static DatabaseFailureKind Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var kind = e switch
            {
                DbUpdateConcurrencyException => DatabaseFailureKind.Gone,
                SqliteException sqlite => OfSqlite(sqlite),
                PostgresException postgres => OfPostgres(postgres),
                // Every other Npgsql failure is about the connection: refused, broken, timed out, pool exhausted.
                NpgsqlException => DatabaseFailureKind.Unavailable,
                Microsoft.Data.SqlClient.SqlException sqlServer => OfSqlServer(sqlServer.Number),
                _ => DatabaseFailureKind.None,
            };
            if (kind != DatabaseFailureKind.None)
            {
                return kind;
            }
        }

        return DatabaseFailureKind.None;
    }

    /// <summary>The innermost provider message, on one line: what an operator reads in the log.</summary>
    public static string CauseOf(Exception exception)
    {
        var cause = exception;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException or NpgsqlException or Microsoft.Data.SqlClient.SqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                cause = e;
            }
        }

        return cause.Message.ReplaceLineEndings(" ");
    }

    private static DatabaseFailureKind OfSqlite(SqliteException e) => e.SqliteErrorCode switch
    {
        13 => DatabaseFailureKind.StorageFull, // SQLITE_FULL (also max_page_count reached)
        11 or 26 => DatabaseFailureKind.Corrupt, // SQLITE_CORRUPT, SQLITE_NOTADB
        5 or 6 => DatabaseFailureKind.Unavailable, // SQLITE_BUSY, SQLITE_LOCKED beyond busy_timeout
        8 or 10 or 14 or 15 => DatabaseFailureKind.Unavailable, // SQLITE_READONLY, SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_PROTOCOL
        19 => e.SqliteExtendedErrorCode switch
        {
            787 => DatabaseFailureKind.Gone, // SQLITE_CONSTRAINT_FOREIGNKEY: the parent was deleted
            1555 or 2067 => DatabaseFailureKind.Conflict, // SQLITE_CONSTRAINT_PRIMARYKEY, _UNIQUE
            _ => DatabaseFailureKind.None,
        },
        _ => DatabaseFailureKind.None,
    };

    private static DatabaseFailureKind OfPostgres(PostgresException e) => e.SqlState switch
    {
        // "cached plan must not change result type": a statement prepared before a schema change (a migration run by
        // another node) returns other column types now. Npgsql drops that prepared statement, so the retry succeeds.
        "0A000" when e.Routine == "RevalidateCachedQuery" => DatabaseFailureKind.Unavailable,
        "53100" => DatabaseFailureKind.StorageFull, // disk_full
        "23503" => DatabaseFailureKind.Gone, // foreign_key_violation
        "23505" => DatabaseFailureKind.Conflict, // unique_violation
        "XX001" or "XX002" => DatabaseFailureKind.Corrupt, // data_corrupted, index_corrupted
        "40001" or "40P01" or "55P03" => DatabaseFailureKind.Unavailable, // serialization_failure, deadlock, lock_not_available
        "57014" => DatabaseFailureKind.Unavailable, // query_canceled (statement timeout)
        var sqlState when sqlState.StartsWith("08", StringComparison.Ordinal) => DatabaseFailureKind.Unavailable, // connection exception
        var sqlState when sqlState.StartsWith("53", StringComparison.Ordinal) => DatabaseFailureKind.Unavailable, // 53300 too_many_connections, 53200 out_of_memory
        var sqlState when sqlState.StartsWith("57P", StringComparison.Ordinal) => DatabaseFailureKind.Unavailable, // 57P01 admin_shutdown, 57P03 cannot_connect_now
        _ => DatabaseFailureKind.None,
    };

    private static DatabaseFailureKind OfSqlServer(int number) => number switch
    {
        1105 or 9002 => DatabaseFailureKind.StorageFull, // filegroup full, transaction log full
        547 => DatabaseFailureKind.Gone, // FOREIGN KEY constraint
        2601 or 2627 => DatabaseFailureKind.Conflict, // unique index, unique constraint
        824 or 823 => DatabaseFailureKind.Corrupt, // I/O consistency errors
        -2 or 53 or 233 or 1205 or 4060 or 10053 or 10054 or 10060 or 10928 or 10929 or 40197 or 40501 or 40613 => DatabaseFailureKind.Unavailable,
        _ => DatabaseFailureKind.None,
    };
}
