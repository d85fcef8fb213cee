using System.Data;
using System.Data.Common;
using Chat.Infrastructure.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Chat.Infrastructure.Persistence;

/// <summary>
/// A database-wide lock held while one instance applies migrations, so several instances starting at once (a rolling
/// deploy, two nodes after an upgrade) take turns instead of all creating the same tables. Held on a connection of its
/// own, never the one EF migrates with:
/// PostgreSQL <c>pg_advisory_lock</c> (session level), SQL Server <c>sp_getapplock</c> (session owner), SQLite an
/// exclusive lock file beside the database file (SQLite's own locks would also shut out the migrating connection).
/// Released on dispose, and by the server when the process dies.
/// </summary>
public sealed class MigrationLock : IAsyncDisposable
{
    /// <summary>How long an instance waits for another one's migrations before giving up (exit code 13).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The PostgreSQL advisory-lock key (any constant; "chat" in ASCII, then "migr").</summary>
    internal const long PostgresKey = 0x63686174_6D696772;

    /// <summary>The SQL Server application-lock resource name.</summary>
    internal const string SqlServerResource = "chat:migrations";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly DbConnection? _connection;
    private readonly FileStream? _file;

    private MigrationLock(DbConnection? connection, FileStream? file)
    {
        _connection = connection;
        _file = file;
    }

    public static async Task<MigrationLock> AcquireAsync(ChatDbContext db, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The context has no connection string.");
        if (db.Database.IsNpgsql())
        {
            return new MigrationLock(await AcquirePostgresAsync(connectionString, timeout, cancellationToken), null);
        }

        if (db.Database.IsSqlServer())
        {
            return new MigrationLock(await AcquireSqlServerAsync(connectionString, timeout, cancellationToken), null);
        }

        return new MigrationLock(null, await AcquireFileAsync(connectionString, timeout, cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            // Closing the session releases a session-level advisory lock or a session-owned application lock;
            // the pooled connection is reset before reuse, so the lock does not outlive this.
            await _connection.DisposeAsync();
        }

        if (_file is not null)
        {
            await _file.DisposeAsync();
        }
    }

    private static async Task<DbConnection> AcquirePostgresAsync(string connectionString, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Pooling off: the lock belongs to this session, which must end when we are done.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT pg_try_advisory_lock(@key)";
            command.Parameters.AddWithValue("key", PostgresKey);
            await WaitUntilAsync(async ct => (bool)(await command.ExecuteScalarAsync(ct))!, timeout, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<DbConnection> AcquireSqlServerAsync(string connectionString, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(new SqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "sp_getapplock";
            command.CommandType = CommandType.StoredProcedure;
            command.CommandTimeout = (int)Math.Ceiling(timeout.TotalSeconds) + 30;
            command.Parameters.AddWithValue("@Resource", SqlServerResource);
            command.Parameters.AddWithValue("@LockMode", "Exclusive");
            command.Parameters.AddWithValue("@LockOwner", "Session");
            command.Parameters.AddWithValue("@LockTimeout", (int)timeout.TotalMilliseconds);
            var result = command.Parameters.Add("@Result", SqlDbType.Int);
            result.Direction = ParameterDirection.ReturnValue;
            await command.ExecuteNonQueryAsync(cancellationToken);
            // 0 granted at once, 1 granted after waiting; negative: timeout, cancelled, deadlock victim or error.
            if ((int)result.Value < 0)
            {
                throw TimedOut(timeout);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<FileStream> AcquireFileAsync(string connectionString, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var path = Path.GetFullPath(string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" ? Path.Combine(Path.GetTempPath(), "chat-memory") : dataSource) + ".migration-lock";
        FileStream? file = null;
        await WaitUntilAsync(
            _ =>
            {
                try
                {
                    // FileShare.None is an exclusive advisory lock (flock) on Unix and a sharing lock on Windows,
                    // held by this process until disposed or until the process ends.
                    file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    return Task.FromResult(true);
                }
                catch (IOException)
                {
                    return Task.FromResult(false);
                }
            },
            timeout,
            cancellationToken);
        return file!;
    }

    private static async Task WaitUntilAsync(Func<CancellationToken, Task<bool>> tryAcquire, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await tryAcquire(cancellationToken))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw TimedOut(timeout);
            }

            await Task.Delay(RetryDelay, cancellationToken);
        }
    }

    private static StartupFailure TimedOut(TimeSpan timeout) =>
        new(ExitCode.Migration, $"another instance held the database migration lock for {timeout.TotalSeconds:0} s; is one stuck applying migrations?");
}
