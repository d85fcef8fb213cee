using Chat.Domain.Users;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Chat.Infrastructure.Tests.Persistence;

/// <summary>Which database failures are answers rather than bugs, and the PostgreSQL pool defaults (docs/databases.md "Connections").</summary>
public sealed class DatabaseFailuresTests
{
    [Theory]
    [InlineData(13, 13, DatabaseFailureKind.StorageFull)]
    [InlineData(11, 11, DatabaseFailureKind.Corrupt)]
    [InlineData(26, 26, DatabaseFailureKind.Corrupt)]
    [InlineData(5, 5, DatabaseFailureKind.Unavailable)]
    [InlineData(8, 8, DatabaseFailureKind.Unavailable)]
    [InlineData(19, 787, DatabaseFailureKind.Gone)]
    [InlineData(19, 2067, DatabaseFailureKind.Conflict)]
    [InlineData(19, 275, DatabaseFailureKind.None)]
    [InlineData(1, 1, DatabaseFailureKind.None)]
    public void Sqlite_result_codes_are_classified_also_inside_what_ef_wraps_them_in(int code, int extended, DatabaseFailureKind expected)
    {
        var sqlite = new SqliteException("failure", code, extended);

        DatabaseFailures.Classify(sqlite).Should().Be(expected);
        DatabaseFailures.Classify(new DbUpdateException("save failed", sqlite)).Should().Be(expected);
        DatabaseFailures.Classify(new InvalidOperationException("transient?", new DbUpdateException("save failed", sqlite))).Should().Be(expected);
    }

    [Fact]
    public void A_vanished_row_and_connection_level_npgsql_failures_are_classified()
    {
        DatabaseFailures.Classify(new DbUpdateConcurrencyException("0 rows")).Should().Be(DatabaseFailureKind.Gone);
        DatabaseFailures.Classify(new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111))).Should().Be(DatabaseFailureKind.Unavailable);
        DatabaseFailures.Classify(new InvalidOperationException("Sequence contains no elements")).Should().Be(DatabaseFailureKind.None, "a bug stays a bug");
        DatabaseFailures.CauseOf(new DbUpdateException("outer", new SqliteException("database or disk is full", 13))).Should().Be("database or disk is full");
    }

    [Fact]
    public void Postgres_connection_strings_get_a_pool_below_a_default_servers_limit_and_prepared_statements_unless_they_set_their_own()
    {
        var defaulted = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithPostgresDefaults("Host=db;Database=chat;Username=chat"));
        var own = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithPostgresDefaults(
            "Host=db;Database=chat;Maximum Pool Size=70;Timeout=3;Command Timeout=9;Max Auto Prepare=0;Auto Prepare Min Usages=7"));

        defaulted.MaxPoolSize.Should().Be(DatabaseSetup.DefaultMaxPoolSize).And.BeLessThan(100);
        defaulted.Timeout.Should().Be(DatabaseSetup.DefaultTimeoutSeconds);
        defaulted.CommandTimeout.Should().Be(DatabaseSetup.DefaultCommandTimeoutSeconds);
        defaulted.MaxAutoPrepare.Should().Be(DatabaseSetup.DefaultMaxAutoPrepare).And.BePositive();
        defaulted.AutoPrepareMinUsages.Should().Be(DatabaseSetup.DefaultAutoPrepareMinUsages);
        own.MaxPoolSize.Should().Be(70);
        own.Timeout.Should().Be(3);
        own.CommandTimeout.Should().Be(9);
        own.MaxAutoPrepare.Should().Be(0, "an operator may turn automatic preparation off");
        own.AutoPrepareMinUsages.Should().Be(7);
    }

    /// <summary>
    /// The hazard of prepared statements: a migration run meanwhile (by another node) changes a column's type, and a
    /// statement prepared before it fails with 0A000 "cached plan must not change result type". That is answered 503
    /// (retry), not 500, and Npgsql drops the statement, so the next execution prepares it again and succeeds.
    /// </summary>
    [PostgresFact]
    public async Task A_statement_prepared_before_a_column_type_change_fails_once_as_unavailable_then_runs_again_on_postgres()
    {
        await using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Postgres);
        new NpgsqlConnectionStringBuilder(database.ConnectionString).MaxAutoPrepare.Should().BePositive("the tests run with the product's defaults");
        await using var db = database.CreateContext();
        await db.Database.OpenConnectionAsync(); // one physical connection, which holds the prepared statement
        var id = Guid.NewGuid();
        Task<List<string>> Read() => db.Set<User>().AsNoTracking().Where(u => u.Id == id).Select(u => u.DisplayName).ToListAsync();
        for (var i = 0; i < DatabaseSetup.DefaultAutoPrepareMinUsages + 1; i++)
        {
            (await Read()).Should().BeEmpty();
        }

        await using (var other = new NpgsqlConnection(database.ConnectionString))
        {
            await other.OpenAsync();
            await using var alter = new NpgsqlCommand("ALTER TABLE \"Users\" ALTER COLUMN \"DisplayName\" TYPE text", other);
            await alter.ExecuteNonQueryAsync();
        }

        var failure = await FluentActions.Awaiting(Read).Should().ThrowAsync<Exception>();
        failure.Which.GetBaseException().Should().BeOfType<PostgresException>().Which.SqlState.Should().Be("0A000");
        DatabaseFailures.Classify(failure.Which).Should().Be(DatabaseFailureKind.Unavailable);
        (await Read()).Should().BeEmpty("Npgsql prepares the statement again");
    }
}
