using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Api.Tests.Operations;

/// <summary>
/// SQLite as the server runs it (docs/databases.md "SQLite settings"): WAL, and <c>synchronous</c> FULL by default
/// (an acknowledged message survives a power loss) or NORMAL when <c>Chat:Database:SqliteSynchronous</c> says so;
/// temporary data (statement journals) in memory.
/// </summary>
public sealed class SqliteSettingsTests
{
    [Theory]
    [InlineData(null, 2L)]
    [InlineData("Full", 2L)]
    [InlineData("normal", 1L)]
    public async Task Every_connection_runs_in_WAL_mode_with_the_configured_synchronous_level(string? configured, long expected)
    {
        await using var factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?> { ["Chat:Database:SqliteSynchronous"] = configured });
        await factory.RegisterUserAsync("wal");
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        await db.Database.OpenConnectionAsync();

        (await ScalarAsync(db, "PRAGMA journal_mode")).Should().Be("wal");
        (await ScalarAsync(db, "PRAGMA synchronous")).Should().Be(expected);
        (await ScalarAsync(db, "PRAGMA temp_store")).Should().Be(2L, "statement journals stay in memory");
    }

    private static async Task<object?> ScalarAsync(ChatDbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
