using System.Data;
using System.Data.Common;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Chat.Infrastructure.Tests.Persistence;

/// <summary>
/// SQLite connections stay open under EF Core's open and close and keep each statement prepared for the next run of
/// the same SQL (<see cref="KeptOpenSqliteConnection"/>); nothing of one use reaches the next.
/// </summary>
public sealed class KeptOpenSqliteConnectionTests : IAsyncLifetime
{
    private const string Select = "SELECT Value FROM Notes WHERE Id >= @from ORDER BY Id LIMIT @take";

    private TestDatabase _database = null!;
    private ChatDbContext _db = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _db = _database.CreateContext();
        await _db.Database.OpenConnectionAsync();
        await ExecuteAsync("CREATE TABLE Notes (Id INTEGER PRIMARY KEY, Value TEXT NOT NULL); INSERT INTO Notes VALUES (1, 'a'), (2, 'b'), (3, 'c');");
        await _db.Database.CloseConnectionAsync();
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_same_sql_runs_on_one_prepared_statement_across_commands_and_uses()
    {
        await _db.Database.OpenConnectionAsync();
        var first = await StatementOfAsync(Select, from: 1, take: 2);
        var second = await StatementOfAsync(Select, from: 2, take: 1);
        await _db.Database.CloseConnectionAsync();

        await _db.Database.OpenConnectionAsync();
        var afterReopen = await StatementOfAsync(Select, from: 1, take: 3);
        await _db.Database.CloseConnectionAsync();

        second.Should().BeSameAs(first, "a new command with the same SQL reuses the prepared statement");
        afterReopen.Should().BeSameAs(first, "closing ends the use, not the native connection");
    }

    /// <summary>A bound LIMIT is not read while planning (SQLITE_DBCONFIG_ENABLE_QPSG): the statement is not prepared again per binding.</summary>
    [Fact]
    public async Task Binding_a_new_limit_does_not_prepare_the_statement_again()
    {
        await _db.Database.OpenConnectionAsync();
        for (var take = 1; take <= 3; take++)
        {
            await StatementOfAsync(Select, from: 1, take: take);
        }

        await using var command = Command(Select, from: 1, take: 2);
        await using var reader = (SqliteDataReader)await command.ExecuteReaderAsync();
        var reprepares = SQLitePCL.raw.sqlite3_stmt_status(reader.Handle, 5 /* SQLITE_STMTSTATUS_REPREPARE */, 0);

        reprepares.Should().Be(0);
    }

    [Fact]
    public async Task Between_uses_the_connection_reports_closed_and_refuses_commands()
    {
        var connection = _db.Database.GetDbConnection();
        connection.Should().BeOfType<KeptOpenSqliteConnection>();

        await _db.Database.OpenConnectionAsync();
        await StatementOfAsync(Select, from: 1, take: 1);
        await _db.Database.CloseConnectionAsync();

        connection.State.Should().Be(ConnectionState.Closed);
        var run = () => Command(Select, from: 1, take: 1).ExecuteReader();
        run.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public async Task A_transaction_left_open_at_close_is_rolled_back()
    {
        await _db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)_db.Database.GetDbConnection();
        var transaction = connection.BeginTransaction();
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO Notes VALUES (4, 'd')";
            await insert.ExecuteNonQueryAsync();
        }

        await _db.Database.CloseConnectionAsync();

        await _db.Database.OpenConnectionAsync();
        (await CountAsync()).Should().Be(3);
    }

    [Fact]
    public async Task A_transaction_begun_in_sql_and_left_open_closes_the_native_connection()
    {
        await _db.Database.OpenConnectionAsync();
        var before = await StatementOfAsync(Select, from: 1, take: 1);
        await ExecuteAsync("BEGIN; INSERT INTO Notes VALUES (4, 'd');");
        await _db.Database.CloseConnectionAsync();

        await _db.Database.OpenConnectionAsync();
        var after = await StatementOfAsync(Select, from: 1, take: 1);

        (await CountAsync()).Should().Be(3, "the unfinished transaction ended with its connection");
        after.Should().NotBeSameAs(before, "the kept statements went with the native connection");
    }

    [Fact]
    public async Task A_reader_left_open_at_close_closes_the_native_connection()
    {
        await _db.Database.OpenConnectionAsync();
        var command = Command(Select, from: 1, take: 3);
        var reader = (SqliteDataReader)await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue();
        var before = reader.Handle;
        await _db.Database.CloseConnectionAsync();

        await _db.Database.OpenConnectionAsync();
        var after = await StatementOfAsync(Select, from: 1, take: 3);

        after.Should().NotBeSameAs(before, "a statement still running may not reach the next use");
    }

    [Fact]
    public async Task The_same_sql_run_inside_its_own_open_reader_runs_on_a_statement_of_its_own()
    {
        await _db.Database.OpenConnectionAsync();
        await using var outer = Command(Select, from: 1, take: 3);
        await using var outerReader = (SqliteDataReader)await outer.ExecuteReaderAsync();
        var values = new List<string>();
        while (await outerReader.ReadAsync())
        {
            await using var inner = Command(Select, from: 3, take: 1);
            await using var innerReader = await inner.ExecuteReaderAsync();
            (await innerReader.ReadAsync()).Should().BeTrue();
            values.Add(outerReader.GetString(0) + innerReader.GetString(0));
        }

        values.Should().Equal("ac", "bc", "cc");
    }

    [Fact]
    public async Task A_column_added_by_another_connection_is_seen_by_a_kept_statement()
    {
        await _db.Database.OpenConnectionAsync();
        (await ValuesAsync("SELECT * FROM Notes WHERE Id = 1")).Should().Equal("1", "a");

        await using (var other = new SqliteConnection(_database.ConnectionString))
        {
            await other.OpenAsync();
            await using var alter = other.CreateCommand();
            alter.CommandText = "ALTER TABLE Notes ADD COLUMN Extra TEXT NOT NULL DEFAULT 'x'";
            await alter.ExecuteNonQueryAsync();
        }

        (await ValuesAsync("SELECT * FROM Notes WHERE Id = 1")).Should().Equal("1", "a", "x");
    }

    [Fact]
    public async Task Past_its_capacity_the_least_recently_used_statement_is_dropped()
    {
        await _db.Database.OpenConnectionAsync();
        var first = await StatementOfAsync(Select, from: 1, take: 1);
        for (var i = 0; i < KeptOpenSqliteConnection.StatementCapacity; i++)
        {
            (await ValuesAsync($"SELECT Value FROM Notes WHERE Id = {(i % 3) + 1} AND {i} = {i}")).Should().HaveCount(1);
        }

        var again = await StatementOfAsync(Select, from: 1, take: 1);

        again.Should().NotBeSameAs(first);
    }

    [Fact]
    public async Task Disposing_the_context_closes_the_native_connection()
    {
        await _db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)_db.Database.GetDbConnection();
        await _db.Database.CloseConnectionAsync();
        connection.Handle.Should().NotBeNull("kept open between uses");

        await _db.DisposeAsync();

        connection.Handle.Should().BeNull();
    }

    private DbCommand Command(string sql, int from, int take)
    {
        var command = _db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new SqliteParameter("@from", from));
        command.Parameters.Add(new SqliteParameter("@take", take));
        return command;
    }

    /// <summary>Runs <paramref name="sql"/> to its end and returns the native statement it ran on.</summary>
    private async Task<SQLitePCL.sqlite3_stmt> StatementOfAsync(string sql, int from, int take)
    {
        await using var command = Command(sql, from, take);
        await using var reader = (SqliteDataReader)await command.ExecuteReaderAsync();
        var statement = reader.Handle!;
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
        }

        rows.Should().BeGreaterThan(0);
        return statement;
    }

    private async Task<List<string>> ValuesAsync(string sql)
    {
        await using var command = _db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                values.Add(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!);
            }
        }

        return values;
    }

    private async Task<long> CountAsync()
    {
        await using var command = _db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Notes";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
