using System.Text.RegularExpressions;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Persistence;
using Chat.Infrastructure.Tests.Persistence.Schema;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Api.Tests.Operations;

/// <summary>
/// Four real server processes (<c>dotnet Chat.Api.dll</c>, not in-process hosts) started at once on one database, an
/// empty one and an outdated one (at <see cref="PreviousSchema"/> with a row in every table), on SQLite and
/// PostgreSQL — a rolling deploy or several nodes after an upgrade. Exactly one process applies the migrations (its
/// start-up line says how many; the others say 0), all four end up serving <c>/health/ready</c>, none crashes (no
/// exit 134), each stops with exit code 0 on SIGTERM, and every migration is recorded once with every row kept.
/// The in-process version of the same race is <c>Chat.Infrastructure.Tests</c> ConcurrentStartTests.
/// </summary>
public sealed partial class ConcurrentProcessStartTests
{
    private const string PreviousSchema = "20261122000600_Channels";
    private const int Processes = 4;
    // Generous: four servers start and one migrates on a machine that may be saturated by other builds.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(8);

    [Fact]
    public Task Four_processes_starting_on_an_empty_sqlite_database_migrate_it_once_and_all_serve() => StartFour(DatabaseProvider.Sqlite, outdated: false);

    [Fact]
    public Task Four_processes_starting_on_an_outdated_sqlite_database_upgrade_it_once_keeping_its_rows_and_all_serve() => StartFour(DatabaseProvider.Sqlite, outdated: true);

    [PostgresFact]
    public Task Four_processes_starting_on_an_empty_Postgres_database_migrate_it_once_and_all_serve() => StartFour(DatabaseProvider.Postgres, outdated: false);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public Task Four_processes_starting_on_an_empty_SQL_Server_database_migrate_it_once_and_all_serve() => StartFour(DatabaseProvider.SqlServer, outdated: false);

    [PostgresFact]
    public Task Four_processes_starting_on_an_outdated_Postgres_database_upgrade_it_once_keeping_its_rows_and_all_serve() => StartFour(DatabaseProvider.Postgres, outdated: true);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public Task Four_processes_starting_on_an_outdated_SQL_Server_database_upgrade_it_once_keeping_its_rows_and_all_serve() => StartFour(DatabaseProvider.SqlServer, outdated: true);

    private static async Task StartFour(DatabaseProvider provider, bool outdated)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var dataDirectory = database.Directory ?? Directory.CreateTempSubdirectory("chat-tests-").FullName;
        var rows = new SampleRows();
        List<string> migrations;
        await using (var db = database.CreateContext())
        {
            migrations = db.Database.GetMigrations().ToList();
            if (outdated)
            {
                await db.GetService<IMigrator>().MigrateAsync(PreviousSchema);
                await rows.WriteIntoEveryTableAsync(db);
            }
        }

        var expectedApplied = outdated ? migrations.Count - migrations.IndexOf(PreviousSchema) - 1 : migrations.Count;
        var settings = new Dictionary<string, string?>
        {
            ["Chat:DataDirectory"] = dataDirectory,
            ["Chat:Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:Chat"] = database.ConnectionString,
            ["Chat:Jwt:SigningKey"] = ChatApiFactory.SigningKey,
            ["Chat:Logging:MinimumLevel"] = "Information",
            ["Chat:Attachments:CleanupInterval"] = "00:00:00",
        };

        var servers = Enumerable.Range(0, Processes).Select(_ => ChatServerProcess.Start(settings)).ToList();
        try
        {
            var ready = await Task.WhenAll(servers.Select(s => s.WaitUntilReadyAsync(Patience)));

            for (var i = 0; i < Processes; i++)
            {
                ready[i].Should().BeTrue($"process {i} should serve; it exited with {(servers[i].HasExited ? servers[i].ExitCode : -1)}: {servers[i].StandardError}{servers[i].StandardOutput}");
            }

            var applied = servers.Select(s => AppliedCount(s.StandardOutput)).ToList();
            applied.Should().HaveCount(Processes).And.OnlyContain(n => n != null, "every process logs how many migrations it applied");
            applied.Count(n => n > 0).Should().Be(1, "exactly one process applies the pending migrations");
            applied.Sum(n => n!.Value).Should().Be(expectedApplied);

            foreach (var server in servers)
            {
                (await server.StopAsync(Patience)).Should().Be(0, $"a SIGTERM ends the server cleanly: {server.StandardError}");
                server.StandardError.Should().NotContain("Unhandled exception");
            }

            await using var check = database.CreateContext();
            (await check.Database.GetAppliedMigrationsAsync()).Should().Equal(migrations, "each migration is recorded exactly once");
            if (outdated)
            {
                rows.Written.Should().NotBeEmpty();
                (await rows.FindMissingAsync(check)).Should().BeEmpty("the upgrade keeps every row");
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            if (database.Directory is null)
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    private static int? AppliedCount(string output) =>
        AppliedLine().Match(output) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"Applied (\d+) database migrations")]
    private static partial Regex AppliedLine();
}
