using Chat.Infrastructure.Persistence;
using Chat.Infrastructure.Tests.Persistence.Schema;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Chat.Infrastructure.Tests.Persistence;

/// <summary>
/// The hand-written migrations (all of them, whatever later branches add) must build exactly the schema the
/// model describes: a database built by <c>Migrate()</c> is read back by introspection and compared with one built by
/// <c>EnsureCreated()</c> — tables, columns, types, nullability, keys, indexes, unique constraints and foreign keys.
/// </summary>
public sealed class MigrationSchemaTests
{
    [Fact]
    public Task Migrations_build_the_schema_of_the_model_on_sqlite() => MigrationsBuildTheModelsSchema(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Migrations_build_the_schema_of_the_model_on_postgres() => MigrationsBuildTheModelsSchema(DatabaseProvider.Postgres);

    [Fact]
    public Task The_comparison_reports_an_index_missing_from_the_migrated_schema_on_sqlite() => ComparisonReportsAMissingIndex(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task The_comparison_reports_an_index_missing_from_the_migrated_schema_on_postgres() => ComparisonReportsAMissingIndex(DatabaseProvider.Postgres);

    private static async Task MigrationsBuildTheModelsSchema(DatabaseProvider provider)
    {
        var migrated = await ReadMigratedSchemaAsync(provider);
        var model = await ReadEnsureCreatedSchemaAsync(provider);

        var comparison = SchemaComparison.Compare(migrated.Schema, model.Schema);

        comparison.AreEqual.Should().BeTrue(comparison.Report(provider.ToString()));
        model.Schema.Tables.Select(t => t.Name).Should().BeEquivalentTo(model.ModelTables, "the introspection must see every table of the model");
    }

    private static async Task ComparisonReportsAMissingIndex(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        await DatabaseSetup.MigrateAsync(db);
        var complete = await SchemaReader.ReadAsync(db);
        var (table, index) = complete.Tables.SelectMany(t => t.Indexes.Select(i => (t, i))).First();

        await Sql.ExecuteAsync(db, $"DROP INDEX \"{index.Name}\"");
        var comparison = SchemaComparison.Compare(await SchemaReader.ReadAsync(db), complete);

        comparison.AreEqual.Should().BeFalse();
        comparison.MissingFromMigrations.Should().Equal($"{table.Name}: {index.Describe()}");
        comparison.NotInModel.Should().BeEmpty();
        comparison.Report(provider.ToString()).Should().Contain($"  + {table.Name}: {index.Describe()}");
    }

    private static async Task<(DatabaseSchema Schema, IReadOnlyList<string> ModelTables)> ReadMigratedSchemaAsync(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        await DatabaseSetup.MigrateAsync(db);
        (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
        return (await SchemaReader.ReadAsync(db), ModelTables(db));
    }

    private static async Task<(DatabaseSchema Schema, IReadOnlyList<string> ModelTables)> ReadEnsureCreatedSchemaAsync(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        (await db.Database.EnsureCreatedAsync()).Should().BeTrue();
        return (await SchemaReader.ReadAsync(db), ModelTables(db));
    }

    private static List<string> ModelTables(ChatDbContext db) =>
        db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().ToList();
}
