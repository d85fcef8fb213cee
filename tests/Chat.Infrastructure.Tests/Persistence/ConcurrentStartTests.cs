using Chat.Infrastructure.Hosting;
using Chat.Infrastructure.Persistence;
using Chat.Infrastructure.Tests.Persistence.Schema;
using Chat.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Tests.Persistence;

/// <summary>
/// Several instances starting at once (a rolling deploy, two nodes after an upgrade) each run the start-up migration
/// path: exactly one applies what is pending, the others wait for it and find nothing left; none fails. An outdated
/// database (today's schema as of <see cref="PreviousSchema"/>, rows in every table) upgrades in place with its rows.
/// A migration that fails ends start-up with <see cref="ExitCode.Migration"/> and one line.
/// </summary>
public sealed class ConcurrentStartTests
{
    /// <summary>The last migration on main before this branch: databases in the field are at most here.</summary>
    private const string PreviousSchema = "20261122000600_Channels";

    private const int Instances = 4;

    [Fact]
    public Task Four_instances_starting_on_an_empty_database_migrate_it_once_on_sqlite() => FourInstancesStart(DatabaseProvider.Sqlite, outdated: false);

    [PostgresFact]
    public Task Four_instances_starting_on_an_empty_database_migrate_it_once_on_postgres() => FourInstancesStart(DatabaseProvider.Postgres, outdated: false);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public Task Four_instances_starting_on_an_empty_database_migrate_it_once_on_sql_server() => FourInstancesStart(DatabaseProvider.SqlServer, outdated: false);

    [Fact]
    public Task Four_instances_starting_on_an_outdated_database_upgrade_it_once_keeping_its_rows_on_sqlite() => FourInstancesStart(DatabaseProvider.Sqlite, outdated: true);

    [PostgresFact]
    public Task Four_instances_starting_on_an_outdated_database_upgrade_it_once_keeping_its_rows_on_postgres() => FourInstancesStart(DatabaseProvider.Postgres, outdated: true);

    [Fact]
    public Task An_instance_waits_for_the_migration_lock_and_gives_up_with_the_migration_exit_code_on_sqlite() => WaitsForTheLock(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task An_instance_waits_for_the_migration_lock_and_gives_up_with_the_migration_exit_code_on_postgres() => WaitsForTheLock(DatabaseProvider.Postgres);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public Task An_instance_waits_for_the_migration_lock_and_gives_up_with_the_migration_exit_code_on_sql_server() => WaitsForTheLock(DatabaseProvider.SqlServer);

    [Fact]
    public async Task A_failing_migration_ends_start_up_with_the_migration_exit_code_and_one_line()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var connection = new SqliteConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE \"Users\" (\"Id\" TEXT)"; // in the way of the first migration
            await command.ExecuteNonQueryAsync();
        }

        await using var db = database.CreateContext();
        var failure = await FluentActions.Awaiting(() => DatabaseSetup.MigrateAsync(db)).Should().ThrowAsync<StartupFailure>();

        failure.Which.Code.Should().Be(ExitCode.Migration);
        failure.Which.Message.Should().StartWith("applying database migrations failed: ").And.Contain("Users").And.NotContain(Environment.NewLine);
    }

    private static async Task FourInstancesStart(DatabaseProvider provider, bool outdated)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var rows = new SampleRows();
        var migrations = new List<string>();
        await using (var db = database.CreateContext())
        {
            migrations.AddRange(db.Database.GetMigrations());
            if (outdated)
            {
                migrations.Should().Contain(PreviousSchema);
                await db.GetService<IMigrator>().MigrateAsync(PreviousSchema);
                await rows.WriteIntoEveryTableAsync(db);
            }
        }

        // Each instance has its own context and connections; all are released together.
        using var start = new Barrier(Instances);
        var instances = Enumerable.Range(0, Instances).Select(_ => Task.Run(async () =>
        {
            await using var db = database.CreateContext();
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            await DatabaseSetup.MigrateAsync(db, TimeSpan.FromMinutes(2));
        })).ToList();
        await Task.WhenAll(instances);

        await using (var db = database.CreateContext())
        {
            (await db.Database.GetAppliedMigrationsAsync()).Should().Equal(migrations, "each migration is applied exactly once");
            (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
            if (outdated)
            {
                rows.Written.Should().NotBeEmpty();
                (await rows.FindMissingAsync(db)).Should().BeEmpty("the upgrade keeps every row");
            }
        }
    }

    private static async Task WaitsForTheLock(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var holder = database.CreateContext();
        await using var waiter = database.CreateContext();

        await using (await MigrationLock.AcquireAsync(holder, TimeSpan.FromSeconds(30), CancellationToken.None))
        {
            var failure = await FluentActions.Awaiting(() => DatabaseSetup.MigrateAsync(waiter, TimeSpan.FromSeconds(1))).Should().ThrowAsync<StartupFailure>();
            failure.Which.Code.Should().Be(ExitCode.Migration);
            failure.Which.Message.Should().Contain("migration lock");
            (await waiter.Database.GetAppliedMigrationsAsync()).Should().BeEmpty("nothing is applied without the lock");
        }

        await DatabaseSetup.MigrateAsync(waiter, TimeSpan.FromSeconds(30));
        (await waiter.Database.GetPendingMigrationsAsync()).Should().BeEmpty("the lock is free once its holder lets go");
    }
}
