using Chat.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Chat.Infrastructure.Tests.Persistence.Schema;

/// <summary>Reads a database's schema by introspection, ignoring EF's own bookkeeping tables.</summary>
internal static class SchemaReader
{
    /// <summary>EF's tables: the migrations history and (SQLite, EF 9+) the migrations lock.</summary>
    public static readonly IReadOnlySet<string> BookkeepingTables = new HashSet<string>(StringComparer.Ordinal) { "__EFMigrationsHistory", "__EFMigrationsLock" };

    public static async Task<DatabaseSchema> ReadAsync(ChatDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            var connection = db.Database.GetDbConnection();
            return db.Database.IsNpgsql()
                ? await PostgresSchemaReader.ReadAsync(connection)
                : await SqliteSchemaReader.ReadAsync(connection);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
