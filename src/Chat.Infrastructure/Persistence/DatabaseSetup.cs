using Chat.Infrastructure.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Chat.Infrastructure.Persistence;

/// <summary>Chooses and configures the database provider from configuration.</summary>
public static class DatabaseSetup
{
    public static DatabaseProvider ProviderOf(IConfiguration configuration)
    {
        var name = configuration["Chat:Database:Provider"];
        if (string.IsNullOrWhiteSpace(name))
        {
            return DatabaseProvider.Sqlite;
        }

        return name.Trim().ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
            "sqlserver" or "mssql" => DatabaseProvider.SqlServer,
            _ => throw new StartupFailure(ExitCode.Configuration, $"Chat:Database:Provider '{name}' is not supported; use Sqlite, Postgres or SqlServer."),
        };
    }

    /// <summary><c>Chat:Database:SqliteSynchronous</c>: <c>Full</c> (default) or <c>Normal</c>; anything else stops start-up with exit code 10.</summary>
    public static SqliteSynchronous SqliteSynchronousOf(IConfiguration configuration)
    {
        var name = configuration["Chat:Database:SqliteSynchronous"];
        if (string.IsNullOrWhiteSpace(name))
        {
            return SqliteSynchronous.Full;
        }

        return name.Trim().ToLowerInvariant() switch
        {
            "full" => SqliteSynchronous.Full,
            "normal" => SqliteSynchronous.Normal,
            _ => throw new StartupFailure(ExitCode.Configuration, $"Chat:Database:SqliteSynchronous '{name}' is not supported; use Full or Normal."),
        };
    }

    public static string ConnectionString(IConfiguration configuration, DatabaseProvider provider)
    {
        var configured = configuration.GetConnectionString("Chat");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            EnsureWellFormed(configured, provider);
            return provider == DatabaseProvider.Postgres ? WithPostgresDefaults(configured) : configured;
        }

        if (provider != DatabaseProvider.Sqlite)
        {
            throw new StartupFailure(ExitCode.Configuration, $"ConnectionStrings:Chat is required when Chat:Database:Provider is {provider}.");
        }

        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(ChatPaths.DataDirectory(configuration), "chat.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>
    /// Npgsql's own pool maximum is 100, as many as a default PostgreSQL accepts in all (<c>max_connections</c> 100, of which
    /// 3 are reserved for superusers): one busy node would take them all and the rest would fail with 53300. Unless the
    /// connection string sets its own, a node uses at most <see cref="DefaultMaxPoolSize"/> connections, waits at most
    /// <see cref="DefaultTimeoutSeconds"/> s for one (connecting, or a free one from the pool; then 503 <c>unavailable</c>)
    /// and lets a command run <see cref="DefaultCommandTimeoutSeconds"/> s (docs/databases.md "Connections").
    /// Statements run twice on a connection are prepared there (Npgsql's automatic preparation, up to
    /// <see cref="DefaultMaxAutoPrepare"/> per connection): PostgreSQL then neither parses nor plans them again, which
    /// measured 0.79–0.90 → 0.48–0.50 ms of its CPU per durable send (docs/databases.md "PostgreSQL settings");
    /// <c>Max Auto Prepare=0</c> turns it off.
    /// </summary>
    public static string WithPostgresDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(k => k.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant()).ToHashSet();
        if (!given.Contains("maxpoolsize") && !given.Contains("maximumpoolsize"))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        if (!given.Contains("timeout"))
        {
            builder.Timeout = DefaultTimeoutSeconds;
        }

        if (!given.Contains("commandtimeout"))
        {
            builder.CommandTimeout = DefaultCommandTimeoutSeconds;
        }

        if (!given.Contains("maxautoprepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!given.Contains("autoprepareminusages"))
        {
            builder.AutoPrepareMinUsages = DefaultAutoPrepareMinUsages;
        }

        return builder.ConnectionString;
    }

    /// <summary>Connections one node opens to PostgreSQL at most, unless the connection string says otherwise.</summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>Seconds to wait for a connection (to open one, or for a free one in a full pool).</summary>
    public const int DefaultTimeoutSeconds = 15;

    /// <summary>Seconds a command may run.</summary>
    public const int DefaultCommandTimeoutSeconds = 30;

    /// <summary>
    /// Statements one connection keeps prepared (the least recently used is replaced): room for the hot paths' statements
    /// (send, history, changes) beside the rest.
    /// </summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>Executions of a statement on a connection before it is prepared (Npgsql's default is 5).</summary>
    public const int DefaultAutoPrepareMinUsages = 2;

    /// <summary>Where the data lives, for the start-up log: the SQLite file, or PostgreSQL's host, port and database (never the password).</summary>
    public static string Describe(DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var postgres = new NpgsqlConnectionStringBuilder(connectionString);
            return $"PostgreSQL {postgres.Host}:{postgres.Port}/{postgres.Database}";
        }

        if (provider == DatabaseProvider.SqlServer)
        {
            var sqlServer = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(connectionString);
            return $"SQL Server {sqlServer.DataSource}/{sqlServer.InitialCatalog}";
        }

        return $"SQLite {Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource)}";
    }

    // A malformed string fails here, at start-up, with the setting's name (its value may hold a password, so it is not echoed).
    private static void EnsureWellFormed(string connectionString, DatabaseProvider provider)
    {
        try
        {
            _ = provider switch
            {
                DatabaseProvider.Postgres => new NpgsqlConnectionStringBuilder(connectionString).ConnectionString,
                DatabaseProvider.SqlServer => new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(connectionString).ConnectionString,
                _ => new SqliteConnectionStringBuilder(connectionString).ConnectionString,
            };
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new StartupFailure(ExitCode.Configuration, $"ConnectionStrings:Chat is not a valid {provider} connection string: {ex.Message}", ex);
        }
    }

    /// <param name="sqliteSynchronous">SQLite only: the <c>synchronous</c> level set on every connection it opens.</param>
    public static void Configure(
        DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString, SqliteSynchronous sqliteSynchronous = SqliteSynchronous.Full)
    {
        // A list in a query (ids.Contains(x)) is sent as one array parameter (PostgreSQL = ANY(@ids), SQLite json_each(@ids)).
        // EF 10's default makes a parameter per element, so the SQL differs with the list's length and EF does not cache
        // it: every execution of such a query, compiled or not, built its SQL again (the SQL generator was 9 % of a history
        // page's CPU; docs/performance.md). SQL Server keeps EF's default: OPENJSON's plans are not measured here.
        switch (provider)
        {
            case DatabaseProvider.Postgres:
                options.UseNpgsql(connectionString, o => o.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
                break;
            case DatabaseProvider.SqlServer:
                // Deadlock victims (1205) and transient faults are retried by EF's execution strategy; the transactions
                // the code opens itself run inside it (ChatDbContext.InTransactionAsync). Unique-key violations (2601,
                // 2627) are not transient: they surface as DbUpdateException and take the ConcurrencyRetry path.
                options.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure())
                    .ReplaceService<IMigrationsSqlGenerator, SqlServerMigrationsGenerator>();
                break;
            default:
                options.UseSqlite(connectionString, o => o.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
                    .AddInterceptors(KeptOpenSqliteConnection.Creator.For(sqliteSynchronous));
                break;
        }

        // Migrations are hand-written and proven equal to the model by a test (see design.md), which replaces this check.
        // EF logs every failed command and save at Error, including the ones the code expects and handles (a unique key
        // that ConcurrencyRetry resolves, the idempotent send's duplicate, the migration lock's first try): at Debug
        // here. What is not handled reaches the error mapper, which logs it once (Chat.Api FailureLog).
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning).Log(
            (RelationalEventId.CommandError, LogLevel.Debug),
            (RelationalEventId.TransactionError, LogLevel.Debug),
            (RelationalEventId.ConnectionError, LogLevel.Debug),
            (CoreEventId.SaveChangesFailed, LogLevel.Debug),
            (CoreEventId.OptimisticConcurrencyException, LogLevel.Debug),
            (CoreEventId.QueryIterationFailed, LogLevel.Debug)));
    }

    /// <summary>
    /// Applies pending migrations (the start-up path and the <c>migrate</c> verb); on SQLite also turns on WAL so
    /// readers do not block the writer. Instances starting at once take turns through <see cref="MigrationLock"/>:
    /// one applies what is pending, the others wait and then find nothing left to do. Then the folded name columns of
    /// older rows are filled (<see cref="FoldedNameBackfill"/>). A failure is a
    /// <see cref="StartupFailure"/> with <see cref="ExitCode.Migration"/> and one line naming the cause.
    /// Returns the ids of the migrations this call applied (empty when another instance had applied them already).
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(ChatDbContext db, CancellationToken cancellationToken = default) =>
        await MigrateAsync(db, MigrationLock.DefaultTimeout, cancellationToken);

    /// <inheritdoc cref="MigrateAsync(ChatDbContext, CancellationToken)"/>
    public static async Task<IReadOnlyList<string>> MigrateAsync(ChatDbContext db, TimeSpan lockTimeout, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var migrationLock = await MigrationLock.AcquireAsync(db, lockTimeout, cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await ApplyMigrationsAsync(db, cancellationToken);
            await FoldedNameBackfill.RunAsync(db, cancellationToken);
            return pending;
        }
        catch (Exception e) when (e is not StartupFailure and not OperationCanceledException
            && DatabaseFailures.Classify(e) is DatabaseFailureKind.Corrupt or DatabaseFailureKind.Unavailable or DatabaseFailureKind.StorageFull)
        {
            throw new StartupFailure(ExitCode.Database, $"the database ({Describe(db)}) cannot be used: {DatabaseFailures.CauseOf(e)}", e);
        }
        catch (Exception e) when (e is not StartupFailure and not OperationCanceledException)
        {
            var cause = (e.InnerException is { } inner && e is DbUpdateException ? inner : e).Message.ReplaceLineEndings(" ");
            throw new StartupFailure(ExitCode.Migration, $"applying database migrations failed: {cause}", e);
        }
    }

    private static string Describe(ChatDbContext db)
    {
        var provider = db.Database.IsNpgsql() ? DatabaseProvider.Postgres : db.Database.IsSqlServer() ? DatabaseProvider.SqlServer : DatabaseProvider.Sqlite;
        return db.Database.GetConnectionString() is { } connectionString ? Describe(provider, connectionString) : provider.ToString();
    }

    private static async Task ApplyMigrationsAsync(ChatDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        // A migration may rewrite a large table (20261129000810 adds a stored column to PostgreSQL's search rows: over a
        // minute per million messages on a busy machine), far beyond the 30 s one request's command may take; a command of
        // a migration may run as long as another instance waits for the migration lock. (SQLite's command timeout bounds
        // only waits for a lock, not the work, so it stays.)
        var commandTimeout = db.Database.GetCommandTimeout();
        if (!db.Database.IsSqlite())
        {
            db.Database.SetCommandTimeout(MigrationLock.DefaultTimeout);
        }

        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            db.Database.SetCommandTimeout(commandTimeout);
        }
    }
}
