using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Tests.Persistence.SqlServer;

/// <summary>
/// What can be proven about SQL Server without a server: the script of every migration (found at run time, so later
/// migrations are covered) is valid T-SQL, and the schema it builds equals the one the model's own create script
/// builds, compared through ScriptDom's syntax trees.
/// </summary>
public sealed class SqlServerMigrationScriptTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_statement_of_the_migration_script_parses_as_TSQL(bool idempotent)
    {
        var script = SqlServerOffline.MigrationScript(idempotent);

        SqlServerOffline.Parse(script, out var errors);

        errors.Select(e => $"line {e.Line}: {e.Message}").Should().BeEmpty();
        using var db = SqlServerOffline.CreateContext();
        foreach (var migration in db.GetService<IMigrationsAssembly>().Migrations.Keys)
        {
            script.Should().Contain($"N'{migration}'", "every migration is in the script");
        }
    }

    [Fact]
    public void The_model_script_parses_as_TSQL()
    {
        SqlServerOffline.Parse(SqlServerOffline.ModelScript(), out var errors);

        errors.Select(e => $"line {e.Line}: {e.Message}").Should().BeEmpty();
    }

    [Fact]
    public void Migrations_build_the_schema_of_the_model_on_sql_server()
    {
        var migrated = SchemaOf(SqlServerOffline.MigrationScript(idempotent: false));
        var model = SchemaOf(SqlServerOffline.ModelScript());

        var missing = model.Lines().Except(migrated.Lines()).ToList();
        var extra = migrated.Lines().Except(model.Lines()).ToList();

        (missing.Count + extra.Count).Should().Be(0, Report(missing, extra, model));
        using var db = SqlServerOffline.CreateContext();
        model.TableNames.Should().BeEquivalentTo(db.Model.GetEntityTypes().Select(e => e.GetTableName()).Distinct(), "the script reader must see every table of the model");
    }

    [Fact]
    public void The_idempotent_script_builds_the_same_schema_as_the_plain_one()
    {
        SchemaOf(SqlServerOffline.MigrationScript(idempotent: true)).Lines()
            .Should().Equal(SchemaOf(SqlServerOffline.MigrationScript(idempotent: false)).Lines());
    }

    [Fact]
    public void The_comparison_sees_an_index_the_migrations_lack()
    {
        var complete = SchemaOf(SqlServerOffline.MigrationScript(idempotent: false));
        var index = complete.Lines().First(l => l.Contains(": index ", StringComparison.Ordinal));
        var table = index[..index.IndexOf(':', StringComparison.Ordinal)];
        var name = index.Split(' ')[2];

        var lacking = SchemaOf(SqlServerOffline.MigrationScript(idempotent: false) + $"\nGO\nDROP INDEX [{name}] ON [{table}];\n");

        complete.Lines().Except(lacking.Lines()).Should().Equal(index);
        lacking.Lines().Except(complete.Lines()).Should().BeEmpty();
    }

    private static SqlServerSchema SchemaOf(string script)
    {
        var parsed = SqlServerOffline.Parse(script, out var errors);
        errors.Should().BeEmpty();
        return SqlServerSchema.Of(parsed);
    }

    private static string Report(IReadOnlyList<string> missing, IReadOnlyList<string> extra, SqlServerSchema model) =>
        "the SQL Server migrations differ from the model (+ in the model only, - in the migrations only):" + Environment.NewLine +
        string.Join(Environment.NewLine, missing.Select(l => "  + " + l).Concat(extra.Select(l => "  - " + l))) + Environment.NewLine +
        "model schema:" + Environment.NewLine + string.Join(Environment.NewLine, model.Lines().Select(l => "    " + l));
}
