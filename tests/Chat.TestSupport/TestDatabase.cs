using Chat.Infrastructure.Persistence;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Chat.TestSupport;

/// <summary>A throwaway database: a SQLite file in a temp folder, or a fresh PostgreSQL database dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly Lazy<Task<string>> PostgresTemplate = new(BuildPostgresTemplateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string? _directory;
    private readonly string? _postgresName;
    private readonly string? _sqlServerName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? directory, string? postgresName, string? sqlServerName = null)
    {
        _sqlServerName = sqlServerName;
        Provider = provider;
        ConnectionString = connectionString;
        _directory = directory;
        _postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The temp folder (data directory) of a SQLite database; null for PostgreSQL.</summary>
    public string? Directory => _directory;

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var directory = Path.Combine(Path.GetTempPath(), "chat-tests", Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(directory);
            var connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "chat.db"), Pooling = false, DefaultTimeout = 60 }.ToString();
            return new TestDatabase(provider, connection, directory, null);
        }

        if (provider == DatabaseProvider.SqlServer)
        {
            return await CreateSqlServerAsync();
        }

        return await CreatePostgresAsync(template: null);
    }

    /// <summary>A new, empty PostgreSQL database, or a copy of <paramref name="template"/> (a database no session is connected to).</summary>
    private static async Task<TestDatabase> CreatePostgresAsync(string? template)
    {
        var server = TestEnvironment.PostgresConnectionString
            ?? throw new InvalidOperationException($"{TestEnvironment.PostgresVariable} is not set: PostgreSQL tests cannot run (CI=true makes this a failure, not a skip).");
        var name = "chat_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            var copy = template is null ? string.Empty : $" TEMPLATE \"{template}\"";
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{copy}", admin);
            await command.ExecuteNonQueryAsync();
        }

        // The product's defaults (prepared statements), with a pool large enough for the concurrency tests.
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 200 };
        return new TestDatabase(DatabaseProvider.Postgres, DatabaseSetup.WithPostgresDefaults(builder.ToString()), null, name);
    }

    /// <summary>
    /// One migrated PostgreSQL database per test run, copied by <c>CREATE DATABASE … TEMPLATE</c> for each test that
    /// wants a migrated one (PostgreSQL's own way to clone a database; far cheaper than running every migration again).
    /// Migrated over unpooled connections, because no session may be connected to a template while it is copied; dropped
    /// when the test process exits.
    /// </summary>
    private static async Task<string> BuildPostgresTemplateAsync()
    {
        var template = await CreatePostgresAsync(template: null);
        var unpooled = new NpgsqlConnectionStringBuilder(template.ConnectionString) { Pooling = false }.ToString();
        var options = new DbContextOptionsBuilder<ChatDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.Postgres, unpooled);
        await using (var db = new ChatDbContext(options.Options))
        {
            await DatabaseSetup.MigrateAsync(db);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                template.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (NpgsqlException)
            {
                // The server may be gone already (CI stops it); a leftover template is dropped with the cluster.
            }
        };
        return template._postgresName!;
    }

    private static async Task<TestDatabase> CreateSqlServerAsync()
    {
        var server = TestEnvironment.SqlServerConnectionString
            ?? throw new InvalidOperationException($"{TestEnvironment.SqlServerVariable} is not set: live SQL Server tests cannot run.");
        var name = "chat_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = new SqlConnection(server))
        {
            await admin.OpenAsync();
            await using var command = new SqlCommand($"CREATE DATABASE [{name}]", admin);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new SqlConnectionStringBuilder(server) { InitialCatalog = name, MaxPoolSize = 200 };
        return new TestDatabase(DatabaseProvider.SqlServer, builder.ToString(), null, null, name);
    }

    /// <summary>
    /// A database with every migration applied: on SQLite a copy of the run's migrated template file
    /// (<see cref="SqliteTemplate"/>), on PostgreSQL a copy of the run's migrated template database, on SQL Server a new
    /// database migrated in place.
    /// </summary>
    public static async Task<TestDatabase> CreateMigratedAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            return await CreatePostgresAsync(await PostgresTemplate.Value);
        }

        var database = await CreateAsync(provider);
        if (provider == DatabaseProvider.Sqlite)
        {
            await SqliteTemplate.CopyToAsync(Path.Combine(database.Directory!, "chat.db"));
            return database;
        }

        await using var db = database.CreateContext();
        await DatabaseSetup.MigrateAsync(db);
        return database;
    }

    public DbContextOptions<ChatDbContext> Options()
    {
        var builder = new DbContextOptionsBuilder<ChatDbContext>();
        Configure(builder);
        return builder.Options;
    }

    /// <summary>The server's configuration of this database, plus <see cref="AddQueryChecks"/>.</summary>
    public void Configure(DbContextOptionsBuilder builder)
    {
        DatabaseSetup.Configure(builder, Provider, ConnectionString);
        AddQueryChecks(builder);
    }

    /// <summary>
    /// What tests check on every query: GUID order (<see cref="GuidOrderGuard"/>) and no row limit without an order (a
    /// LIMIT without ORDER BY takes whichever rows the plan meets first; the server only logs EF's warning, a test fails on it).
    /// </summary>
    public static DbContextOptionsBuilder AddQueryChecks(DbContextOptionsBuilder builder) =>
        builder.AddInterceptors(GuidOrderGuard.Instance)
            .ConfigureWarnings(w => w.Throw(CoreEventId.RowLimitingOperationWithoutOrderByWarning));

    public ChatDbContext CreateContext() => new(Options());

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
            await admin.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", admin);
            await command.ExecuteNonQueryAsync();
        }

        if (_sqlServerName is not null)
        {
            SqlConnection.ClearAllPools();
            await using var admin = new SqlConnection(TestEnvironment.SqlServerConnectionString);
            await admin.OpenAsync();
            await using var command = new SqlCommand($"ALTER DATABASE [{_sqlServerName}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{_sqlServerName}]", admin);
            await command.ExecuteNonQueryAsync();
        }

        if (_directory is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                System.IO.Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open on this machine; the temp folder is cleaned up by the OS.
            }
        }
    }
}
