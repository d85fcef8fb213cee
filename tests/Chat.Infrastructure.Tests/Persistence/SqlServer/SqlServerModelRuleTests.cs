using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Chat.Infrastructure.Tests.Persistence.SqlServer;

/// <summary>
/// Rules SQL Server enforces only when a table is created or a row written, checked on the SQL Server model (every
/// entity, found at run time) so they fail here rather than on the first production start.
/// </summary>
public sealed partial class SqlServerModelRuleTests
{
    private static readonly IModel Model = DesignTimeModel();

    [Fact]
    public void No_table_is_reached_by_two_cascading_paths_or_by_a_cascade_cycle()
    {
        // SQL Server refuses a foreign key that would give a table a second cascading path (or a cycle) from another
        // table (error 1785). SET NULL and SET DEFAULT count as cascading actions too.
        var edges = Model.GetEntityTypes()
            .SelectMany(e => e.GetForeignKeys())
            .Where(fk => fk.DeleteBehavior is DeleteBehavior.Cascade or DeleteBehavior.SetNull)
            .Select(fk => (From: fk.PrincipalEntityType.GetTableName()!, To: fk.DeclaringEntityType.GetTableName()!, Name: fk.GetConstraintName()!))
            .ToList();

        var problems = new List<string>();
        foreach (var root in edges.Select(e => e.From).Distinct())
        {
            var paths = new Dictionary<string, List<string>>();
            Walk(root, root, [root]);

            void Walk(string table, string path, HashSet<string> seen)
            {
                foreach (var edge in edges.Where(e => e.From == table))
                {
                    var next = $"{path} -[{edge.Name}]-> {edge.To}";
                    if (seen.Contains(edge.To))
                    {
                        problems.Add($"cascade cycle: {next}");
                        continue;
                    }

                    (paths.TryGetValue(edge.To, out var list) ? list : paths[edge.To] = []).Add(next);
                    Walk(edge.To, next, [.. seen, edge.To]);
                }
            }

            problems.AddRange(paths.Where(p => p.Value.Count > 1).Select(p => $"{p.Key} is reached from {root} by {p.Value.Count} cascading paths: {string.Join(" | ", p.Value)}"));
        }

        problems.Distinct().Should().BeEmpty();
    }

    [Fact]
    public void Every_key_and_index_fits_SQL_Servers_key_size()
    {
        var problems = new List<string>();
        foreach (var table in Model.GetRelationalModel().Tables)
        {
            if (table.PrimaryKey is { } primaryKey)
            {
                Check($"{table.Name}.{primaryKey.Name} (clustered)", primaryKey.Columns, 900);
            }

            foreach (var unique in table.UniqueConstraints.Where(u => !u.GetIsPrimaryKey()))
            {
                Check($"{table.Name}.{unique.Name}", unique.Columns, 1700);
            }

            foreach (var index in table.Indexes)
            {
                Check($"{table.Name}.{index.Name}", index.Columns, 1700);
            }
        }

        problems.Should().BeEmpty();

        void Check(string what, IEnumerable<IColumn> columns, int limit)
        {
            var sizes = columns.Select(c => (c.Name, c.StoreType, Bytes: KeyBytes(c.StoreType))).ToList();
            foreach (var unbounded in sizes.Where(s => s.Bytes is null))
            {
                problems.Add($"{what}: {unbounded.Name} is {unbounded.StoreType}, which cannot be a key column (give it a maximum length)");
            }

            var total = sizes.Sum(s => s.Bytes ?? 0);
            if (total > limit)
            {
                problems.Add($"{what}: {total} bytes > {limit} ({string.Join(", ", sizes.Select(s => $"{s.Name} {s.StoreType}"))})");
            }
        }
    }

    [Fact]
    public void Index_filters_are_TSQL_and_unique_indexes_on_nullable_columns_skip_NULLs()
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        var problems = new List<string>();
        foreach (var table in Model.GetRelationalModel().Tables)
        {
            foreach (var index in table.Indexes)
            {
                if (index.Filter is { } filter)
                {
                    using var reader = new StringReader(filter);
                    parser.ParseBooleanExpression(reader, out var errors);
                    problems.AddRange(errors.Select(e => $"{table.Name}.{index.Name}: filter '{filter}' is not T-SQL: {e.Message}"));
                }

                // SQL Server counts NULLs as equal in a unique index: a second row with NULL would be refused.
                foreach (var column in index.Columns.Where(c => index.IsUnique && c.IsNullable))
                {
                    if (index.Filter is null || !index.Filter.Contains($"[{column.Name}] IS NOT NULL", StringComparison.OrdinalIgnoreCase))
                    {
                        problems.Add($"{table.Name}.{index.Name}: unique on nullable {column.Name} without a '[{column.Name}] IS NOT NULL' filter");
                    }
                }
            }
        }

        problems.Should().BeEmpty();
    }

    [Fact]
    public void The_application_layer_cannot_write_provider_specific_SQL()
    {
        // Raw SQL (FromSql, ExecuteSql) and provider checks live in the relational and provider assemblies; the
        // Application layer references neither, so its queries are LINQ that each provider translates. Provider SQL
        // (row locks, migration locks, pragmas) lives in Chat.Infrastructure's Persistence, one implementation per provider.
        var references = typeof(Chat.Application.DependencyInjection).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.Should().NotContain(name =>
            name.StartsWith("Microsoft.EntityFrameworkCore.", StringComparison.Ordinal)
            || name.StartsWith("Npgsql", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.Data.", StringComparison.Ordinal));
        references.Should().Contain("Microsoft.EntityFrameworkCore", "the check must look at the real assembly");
    }

    private static IModel DesignTimeModel()
    {
        using var db = SqlServerOffline.CreateContext();
        return db.GetService<Microsoft.EntityFrameworkCore.Metadata.IDesignTimeModel>().Model;
    }

    /// <summary>Bytes a value of <paramref name="storeType"/> takes in an index key; null when it cannot be a key.</summary>
    private static int? KeyBytes(string storeType)
    {
        var match = TypeName().Match(storeType);
        var name = match.Groups["name"].Value.ToLowerInvariant();
        var size = match.Groups["size"].Value;
        if (size.Equals("max", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var length = size.Length > 0 ? int.Parse(size, CultureInfo.InvariantCulture) : 1;
        return name switch
        {
            "nvarchar" or "nchar" => 2 * length,
            "varchar" or "char" or "varbinary" or "binary" => length,
            "uniqueidentifier" => 16,
            "bigint" or "float" or "datetime2" or "datetime" => 8,
            "int" or "real" => 4,
            "smallint" => 2,
            "tinyint" or "bit" => 1,
            "datetimeoffset" => 10,
            "decimal" or "numeric" => 17,
            "date" => 3,
            _ => throw new NotSupportedException($"teach KeyBytes the store type {storeType}"),
        };
    }

    [GeneratedRegex(@"^(?<name>[a-z0-9]+)(\((?<size>max|\d+)(,\s*\d+)?\))?$", RegexOptions.IgnoreCase)]
    private static partial Regex TypeName();
}
