using Chat.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Chat.TestSupport;

/// <summary>
/// One migrated SQLite file per test run, copied for each test: migrating costs far more than copying a file, and a
/// copy is a real database file (WAL, locking and busy behaviour are the real ones), unlike an in-memory database.
/// </summary>
public static class SqliteTemplate
{
    private static readonly Lazy<Task<string>> Template = new(BuildAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Copies the migrated template to <paramref name="path"/> (a new file).</summary>
    public static async Task CopyToAsync(string path) => File.Copy(await Template.Value, path);

    private static async Task<string> BuildAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "chat-tests", "template-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "chat.db");
        var connection = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        var options = new DbContextOptionsBuilder<ChatDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.Sqlite, connection);
        await using (var db = new ChatDbContext(options.Options))
        {
            await DatabaseSetup.MigrateAsync(db);

            // Fold the write-ahead log into the file, so the one file is the whole database (WAL mode stays set in it).
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(directory);
        return path;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up with the rest of the temp folder.
        }
    }
}
