using Chat.Domain.Users;
using Chat.Infrastructure.Persistence;
using Chat.Infrastructure.Tests.Persistence.Schema;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Tests.Persistence;

/// <summary>
/// Upgrading keeps data: the migrations are applied one at a time, and after each step a row goes into every table
/// that exists at that step; once at the latest migration every row is still there. Migrations only ever run forward
/// (see docs/decisions/0001-hand-written-migrations.md): start-up never reverts, so no <c>Down()</c> is ever needed.
/// </summary>
public sealed class MigrationUpgradeTests
{
    [Fact]
    public Task Upgrading_migration_by_migration_keeps_the_rows_of_every_step_on_sqlite() => UpgradingKeepsRows(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Upgrading_migration_by_migration_keeps_the_rows_of_every_step_on_postgres() => UpgradingKeepsRows(DatabaseProvider.Postgres);

    [Fact]
    public Task Start_up_migration_never_reverts_a_migration_this_build_does_not_know_on_sqlite() => StartUpNeverReverts(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Start_up_migration_never_reverts_a_migration_this_build_does_not_know_on_postgres() => StartUpNeverReverts(DatabaseProvider.Postgres);

    [Fact]
    public Task Upgrading_folds_the_names_of_existing_users_rooms_and_conversations_on_sqlite() => UpgradingFoldsNames(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Upgrading_folds_the_names_of_existing_users_rooms_and_conversations_on_postgres() => UpgradingFoldsNames(DatabaseProvider.Postgres);

    [Fact]
    public Task Upgrading_rebuilds_the_participants_without_the_activity_copy_and_keeps_every_row_with_read_state_on_sqlite() =>
        UpgradingMakesChannelReadStateLazy(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Upgrading_rebuilds_the_participants_without_the_activity_copy_and_keeps_every_row_with_read_state_on_postgres() =>
        UpgradingMakesChannelReadStateLazy(DatabaseProvider.Postgres);

    /// <summary>
    /// Issue 11 (migration <c>20261130000900_LazyChannelReadState</c>, a table rebuild on SQLite): participant rows with
    /// data go through the rebuild unchanged but for the dropped activity copy; a channel row that carries no read state
    /// (both markers 0) goes, because the member's join point says the same; a direct conversation's row with markers 0
    /// and a channel row with markers stay.
    /// </summary>
    private static async Task UpgradingMakesChannelReadStateLazy(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        var migrator = db.GetService<IMigrator>();
        foreach (var migration in db.Database.GetMigrations().TakeWhile(m => string.CompareOrdinal(m, "20261130000900") < 0))
        {
            await migrator.MigrateAsync(migration);
        }

        var rows = new SampleRows();
        for (var pass = 0; pass < 3; pass++)
        {
            await rows.WriteIntoEveryTableAsync(db);
        }

        var participants = rows.Written.Where(r => r.Table == "ConversationParticipants").Select(r => r.PrimaryKey.Single().Literal).ToList();
        var (emptyChannelRow, readChannelRow, directRow) = (participants[0], participants[1], participants[2]);
        await Sql.ExecuteAsync(db, "UPDATE \"Conversations\" SET \"Kind\" = 'Channel', \"RoomId\" = (SELECT \"Id\" FROM \"Rooms\" LIMIT 1) " +
            $"WHERE \"Id\" IN (SELECT \"ConversationId\" FROM \"ConversationParticipants\" WHERE \"Id\" IN ({emptyChannelRow}, {readChannelRow}))");
        await Sql.ExecuteAsync(db, $"UPDATE \"ConversationParticipants\" SET \"LastReadSeq\" = 0, \"LastDeliveredSeq\" = 0 WHERE \"Id\" IN ({emptyChannelRow}, {directRow})");
        await Sql.ExecuteAsync(db, $"UPDATE \"ConversationParticipants\" SET \"LastReadSeq\" = 7, \"LastDeliveredSeq\" = 9 WHERE \"Id\" = {readChannelRow}");
        const string columns = "\"Id\", \"ConversationId\", \"UserId\", \"Role\", \"JoinedAt\", \"LastReadSeq\", \"LastDeliveredSeq\"";
        var kept = await ReadAsync(db, $"SELECT {columns} FROM \"ConversationParticipants\" WHERE \"Id\" <> {emptyChannelRow} ORDER BY \"Id\"");
        kept.Should().HaveCount(2);

        await DatabaseSetup.MigrateAsync(db);

        (await ReadAsync(db, $"SELECT {columns} FROM \"ConversationParticipants\" ORDER BY \"Id\"")).Should().Equal(kept);
        var table = (await SchemaReader.ReadAsync(db)).Table("ConversationParticipants");
        table.Columns.Select(c => c.Name).Should().NotContain("LastActivityAt");
        table.Indexes.Select(i => i.Name).Should().Contain("IX_ConversationParticipants_UserId_ConversationId")
            .And.NotContain("IX_ConversationParticipants_UserId_LastActivityAt");
        (await rows.FindMissingAsync(db)).Should().BeEquivalentTo(
            $"row ConversationParticipants (Id = {emptyChannelRow})", "table ConversationParticipants holds 2 rows, 3 were written");
    }

    private static async Task<List<string>> ReadAsync(ChatDbContext db, string sql)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            return (await Sql.QueryAsync(db.Database.GetDbConnection(), sql))
                .Select(r => string.Join(" | ", r.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))))
                .ToList();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Issue 10 §3: names written before the folded columns existed (display names, room names lower-cased by the old
    /// rule, group titles) are folded at the first start-up of the new version, so searching finds them at once.
    /// </summary>
    private static async Task UpgradingFoldsNames(DatabaseProvider provider)
    {
        const string displayName = "E\u0301MILE Ζωή";
        const string roomName = "ÄRGER & Straße";
        const string title = "ΣΟΦΊΑ's 😀 group";
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        var migrator = db.GetService<IMigrator>();
        var rows = new SampleRows();
        foreach (var migration in db.Database.GetMigrations().TakeWhile(m => string.CompareOrdinal(m, "20261129000500") < 0))
        {
            await migrator.MigrateAsync(migration);
            await rows.WriteIntoEveryTableAsync(db);
        }

        await Sql.ExecuteAsync(db, $"UPDATE \"Users\" SET \"DisplayName\" = '{displayName}'");
        await Sql.ExecuteAsync(db, $"UPDATE \"Rooms\" SET \"Name\" = '{roomName}', \"NormalizedName\" = '{roomName.ToLowerInvariant()}'");
        await Sql.ExecuteAsync(db, $"UPDATE \"Conversations\" SET \"Title\" = '{title.Replace("'", "''", StringComparison.Ordinal)}'");
        await Sql.ExecuteAsync(db, "INSERT INTO \"Conversations\" (\"Id\", \"Kind\", \"CreatedAt\", \"UpdatedAt\", \"LastActivityAt\", \"LastSeq\", \"Version\") " +
            $"SELECT '{Guid.NewGuid()}', 'Direct', \"CreatedAt\", \"UpdatedAt\", \"LastActivityAt\", 0, 0 FROM \"Conversations\" WHERE \"Title\" IS NOT NULL LIMIT 1");

        await DatabaseSetup.MigrateAsync(db);

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            (await Sql.QueryAsync(connection, "SELECT \"NormalizedDisplayName\" FROM \"Users\"")).Select(r => r[0])
                .Should().NotBeEmpty().And.OnlyContain(v => (string)v! == "émile ζωή");
            (await Sql.QueryAsync(connection, "SELECT \"NormalizedName\" FROM \"Rooms\"")).Select(r => r[0])
                .Should().NotBeEmpty().And.OnlyContain(v => (string)v! == "ärger & straße");
            var titles = (await Sql.QueryAsync(connection, "SELECT \"Title\", \"NormalizedTitle\" FROM \"Conversations\"")).ToList();
            titles.Where(r => r[0] is string).Should().NotBeEmpty().And.OnlyContain(r => (string)r[1]! == "σοφία's 😀 group".Normalize());
            titles.Where(r => r[0] is null or DBNull).Should().ContainSingle().Which[1].Should().Match(v => v == null || v is DBNull);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        (await rows.FindMissingAsync(db)).Should().BeEmpty("folding the names keeps every row");
        (await FoldedNameBackfill.RunAsync(db)).Should().Be(0, "a second run finds nothing left to fold");
    }

    private static async Task UpgradingKeepsRows(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        migrations.Should().NotBeEmpty();
        var rows = new SampleRows();

        foreach (var migration in migrations)
        {
            await migrator.MigrateAsync(migration);
            await rows.WriteIntoEveryTableAsync(db);
        }

        await DatabaseSetup.MigrateAsync(db);

        (await db.Database.GetAppliedMigrationsAsync()).Should().Equal(migrations);
        rows.Written.Should().HaveCountGreaterThanOrEqualTo(migrations.Count, "every step writes at least one row");
        (await rows.FindMissingAsync(db)).Should().BeEmpty("an upgrade must keep every row written before it");
    }

    /// <summary>
    /// Running an older build against a database that a newer build already migrated must leave it alone:
    /// <c>Migrate()</c> applies pending migrations and never calls <c>Down()</c>, not even for migrations it does not know.
    /// </summary>
    private static async Task StartUpNeverReverts(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.CreateContext())
        {
            await DatabaseSetup.MigrateAsync(db);
            db.Set<User>().Add(User.Register("kept", null, "hash", DateTime.UtcNow));
            await db.SaveChangesAsync();
            await Sql.ExecuteAsync(db, "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('99991231235959_FromANewerBuild', '10.0.14')");
        }

        await using (var db = database.CreateContext())
        {
            var before = await SchemaReader.ReadAsync(db);

            await DatabaseSetup.MigrateAsync(db);

            (await db.Database.GetAppliedMigrationsAsync()).Should().Equal(db.Database.GetMigrations().Append("99991231235959_FromANewerBuild"));
            SchemaComparison.Compare(await SchemaReader.ReadAsync(db), before).AreEqual.Should().BeTrue();
            (await db.Set<User>().SingleAsync()).Username.Should().Be("kept");
        }
    }
}
