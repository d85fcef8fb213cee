using Chat.Infrastructure.Persistence;
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
    public void Postgres_connection_strings_get_a_pool_below_a_default_servers_limit_unless_they_set_their_own()
    {
        var defaulted = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithPostgresPoolDefaults("Host=db;Database=chat;Username=chat"));
        var own = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithPostgresPoolDefaults("Host=db;Database=chat;Maximum Pool Size=70;Timeout=3;Command Timeout=9"));

        defaulted.MaxPoolSize.Should().Be(DatabaseSetup.DefaultMaxPoolSize).And.BeLessThan(100);
        defaulted.Timeout.Should().Be(DatabaseSetup.DefaultTimeoutSeconds);
        defaulted.CommandTimeout.Should().Be(DatabaseSetup.DefaultCommandTimeoutSeconds);
        own.MaxPoolSize.Should().Be(70);
        own.Timeout.Should().Be(3);
        own.CommandTimeout.Should().Be(9);
    }
}
