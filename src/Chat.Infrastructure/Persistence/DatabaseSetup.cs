using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Chat.Infrastructure.Hosting;
using Microsoft.Extensions.Configuration;
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
            _ => throw new StartupFailure(ExitCode.Configuration, $"Chat:Database:Provider '{name}' is not supported; use Sqlite or Postgres"),
        };
    }

    public static string ConnectionString(IConfiguration configuration, DatabaseProvider provider)
    {
        var configured = configuration.GetConnectionString("Chat");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            EnsureWellFormed(configured, provider);
            return configured;
        }

        if (provider == DatabaseProvider.Postgres)
        {
            throw new StartupFailure(ExitCode.Configuration, "ConnectionStrings:Chat is required when Chat:Database:Provider is Postgres");
        }

        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(ChatPaths.DataDirectory(configuration), "chat.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Where the data lives, for the start-up log: the SQLite file, or PostgreSQL's host, port and database (never the password).</summary>
    public static string Describe(DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var postgres = new NpgsqlConnectionStringBuilder(connectionString);
            return $"PostgreSQL {postgres.Host}:{postgres.Port}/{postgres.Database}";
        }

        return $"SQLite {Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource)}";
    }

    // A malformed string fails here, at start-up, with the setting's name (its value may hold a password, so it is not echoed).
    private static void EnsureWellFormed(string connectionString, DatabaseProvider provider)
    {
        try
        {
            _ = provider == DatabaseProvider.Postgres
                ? new NpgsqlConnectionStringBuilder(connectionString).ConnectionString
                : new SqliteConnectionStringBuilder(connectionString).ConnectionString;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new StartupFailure(ExitCode.Configuration, $"ConnectionStrings:Chat is not a valid {provider} connection string: {ex.Message}", ex);
        }
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(connectionString);
        }
        else
        {
            options.UseSqlite(connectionString).AddInterceptors(new SqliteBusyTimeoutInterceptor());
        }

        // Migrations are hand-written and proven equal to the model by a test (see design.md), which replaces this check.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    /// <summary>Applies migrations; on SQLite also turns on WAL so readers do not block the writer.</summary>
    public static async Task MigrateAsync(ChatDbContext db, CancellationToken cancellationToken = default)
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

        await db.Database.MigrateAsync(cancellationToken);
    }
}
