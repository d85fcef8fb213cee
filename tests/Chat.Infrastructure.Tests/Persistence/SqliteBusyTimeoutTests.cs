using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Chat.Infrastructure.Tests.Persistence;

/// <summary>SQLite connections wait for the write lock inside SQLite (busy_timeout), not in 150 ms sleeps, and keep temporary data in memory.</summary>
public sealed class SqliteBusyTimeoutTests
{
    [Fact]
    public async Task Every_opened_connection_waits_for_a_busy_database_as_long_as_the_command_timeout()
    {
        var milliseconds = await PragmaAsync("busy_timeout");

        milliseconds.Should().Be(60_000); // TestDatabase's "Default Timeout=60"
    }

    /// <summary>Statement journals stay in memory (2 = MEMORY): a send batch spilled them to a temporary file, page by page.</summary>
    [Fact]
    public async Task Every_opened_connection_keeps_temporary_data_in_memory()
    {
        var store = await PragmaAsync("temp_store");

        store.Should().Be(2);
    }

    /// <summary>The value of <paramref name="pragma"/> on a connection the context opened.</summary>
    private static async Task<long> PragmaAsync(string pragma)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.CreateContext();

        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
