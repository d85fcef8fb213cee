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
