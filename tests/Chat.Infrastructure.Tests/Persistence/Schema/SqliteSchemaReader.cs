using System.Data.Common;
using System.Text.RegularExpressions;

namespace Chat.Infrastructure.Tests.Persistence.Schema;

/// <summary>
/// SQLite introspection: <c>sqlite_master</c> and the <c>pragma_table_xinfo</c>, <c>pragma_index_list</c>,
/// <c>pragma_index_xinfo</c> and <c>pragma_foreign_key_list</c> table functions. SQLite keeps constraint
/// names (PK_, FK_, AK_, CK_) only in the CREATE TABLE text, so those are read from there.
/// Virtual tables (full-text search) and their shadow tables are created by raw SQL, never by the model, and are skipped.
/// </summary>
internal static partial class SqliteSchemaReader
{
    public static async Task<DatabaseSchema> ReadAsync(DbConnection connection)
    {
        var objects = await Sql.QueryAsync(connection, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        var virtualTables = objects
            .Where(o => ((string?)o[1] ?? string.Empty).StartsWith("CREATE VIRTUAL TABLE", StringComparison.OrdinalIgnoreCase))
            .Select(o => (string)o[0]!)
            .ToList();

        var tables = new List<TableSchema>();
        foreach (var row in objects.OrderBy(o => (string)o[0]!, StringComparer.Ordinal))
        {
            var name = (string)row[0]!;
            if (SchemaReader.BookkeepingTables.Contains(name) || virtualTables.Any(v => name == v || name.StartsWith(v + "_", StringComparison.Ordinal)))
            {
                continue;
            }

            tables.Add(await ReadTableAsync(connection, name, (string)row[1]!));
        }

        return new DatabaseSchema(tables, [], []);
    }

    private static async Task<TableSchema> ReadTableAsync(DbConnection connection, string table, string createSql)
    {
        var columnRows = await Sql.QueryAsync(
            connection, "SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(@table) ORDER BY cid", ("@table", table));
        var autoIncrement = createSql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase);

        var columns = columnRows
            .Select(r => new ColumnSchema(
                Name: (string)r[1]!,
                StoreType: (string)r[2]!,
                IsNullable: Convert.ToInt64(r[3]) == 0,
                Default: (string?)r[4],
                Generation: Convert.ToInt64(r[6]) switch
                {
                    2 => "GENERATED VIRTUAL",
                    3 => "GENERATED STORED",
                    _ => autoIncrement && Convert.ToInt64(r[5]) > 0 ? "AUTOINCREMENT" : null,
                }))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

        var keyColumns = columnRows.Where(r => Convert.ToInt64(r[5]) > 0).OrderBy(r => Convert.ToInt64(r[5])).Select(r => (string)r[1]!).ToList();
        var primaryKey = keyColumns.Count == 0 ? null : new KeySchema(PrimaryKeyName().Match(createSql) is { Success: true } m ? m.Groups[1].Value : null, keyColumns);

        var uniqueNames = NamedColumnConstraint(UniqueConstraintName(), createSql);
        var indexes = new List<IndexSchema>();
        var uniques = new List<KeySchema>();
        foreach (var index in await Sql.QueryAsync(connection, "SELECT name, \"unique\", origin FROM pragma_index_list(@table)", ("@table", table)))
        {
            var indexName = (string)index[0]!;
            var origin = (string)index[2]!;
            if (origin == "pk")
            {
                continue;
            }

            var indexColumns = (await Sql.QueryAsync(
                    connection, "SELECT name, \"desc\" FROM pragma_index_xinfo(@index) WHERE key = 1 ORDER BY seqno", ("@index", indexName)))
                .Select(c => ((string?)c[0] ?? "(expression)") + (Convert.ToInt64(c[1]) == 1 ? " DESC" : string.Empty))
                .ToList();

            if (origin == "u")
            {
                uniques.Add(new KeySchema(uniqueNames.GetValueOrDefault(string.Join(",", indexColumns)), indexColumns));
                continue;
            }

            var indexSql = (string?)(await Sql.QueryAsync(connection, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = @index", ("@index", indexName)))[0][0];
            indexes.Add(new IndexSchema(indexName, indexColumns, Convert.ToInt64(index[1]) == 1, FilterOf(indexSql), [], null));
        }

        var foreignKeyNames = NamedColumnConstraint(ForeignKeyName(), createSql);
        var foreignKeys = (await Sql.QueryAsync(
                connection, "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(@table) ORDER BY id, seq", ("@table", table)))
            .GroupBy(r => Convert.ToInt64(r[0]))
            .Select(g =>
            {
                var from = g.Select(r => (string)r[3]!).ToList();
                return new ForeignKeySchema(
                    foreignKeyNames.GetValueOrDefault(string.Join(",", from)),
                    from,
                    (string)g.First()[2]!,
                    g.Select(r => (string?)r[4] ?? "(primary key)").ToList(),
                    OnDelete: (string)g.First()[6]!,
                    OnUpdate: (string)g.First()[5]!);
            })
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ThenBy(f => string.Join(",", f.Columns), StringComparer.Ordinal)
            .ToList();

        return new TableSchema(
            table,
            columns,
            primaryKey,
            uniques.OrderBy(u => string.Join(",", u.Columns), StringComparer.Ordinal).ToList(),
            indexes.OrderBy(i => i.Name, StringComparer.Ordinal).ToList(),
            foreignKeys,
            CheckConstraints(createSql));
    }

    /// <summary>Constraint name by its column list ("A,B") for <c>CONSTRAINT "name" KIND ("A", "B")</c> clauses.</summary>
    private static Dictionary<string, string> NamedColumnConstraint(Regex pattern, string createSql) =>
        pattern.Matches(createSql)
            .GroupBy(m => string.Join(",", m.Groups[2].Value.Split(',').Select(c => c.Trim().Trim('"'))))
            .ToDictionary(g => g.Key, g => g.First().Groups[1].Value);

    private static string? FilterOf(string? indexSql)
    {
        if (indexSql is null)
        {
            return null;
        }

        var where = indexSql.LastIndexOf(" WHERE ", StringComparison.OrdinalIgnoreCase);
        return where < 0 ? null : Whitespace().Replace(indexSql[(where + 7)..].Trim(), " ");
    }

    /// <summary>Every <c>CONSTRAINT "name" CHECK (…)</c>, with balanced parentheses.</summary>
    private static List<string> CheckConstraints(string createSql)
    {
        var checks = new List<string>();
        foreach (Match match in CheckConstraintStart().Matches(createSql))
        {
            var start = match.Index + match.Length;
            var depth = 1;
            var end = start;
            while (end < createSql.Length && depth > 0)
            {
                depth += createSql[end] switch { '(' => 1, ')' => -1, _ => 0 };
                end++;
            }

            checks.Add($"{match.Groups[1].Value} CHECK ({Whitespace().Replace(createSql[start..(end - 1)].Trim(), " ")})");
        }

        return checks.Order(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex("CONSTRAINT\\s+\"([^\"]+)\"\\s+PRIMARY\\s+KEY", RegexOptions.IgnoreCase)]
    private static partial Regex PrimaryKeyName();

    [GeneratedRegex("CONSTRAINT\\s+\"([^\"]+)\"\\s+FOREIGN\\s+KEY\\s*\\(([^)]*)\\)", RegexOptions.IgnoreCase)]
    private static partial Regex ForeignKeyName();

    [GeneratedRegex("CONSTRAINT\\s+\"([^\"]+)\"\\s+UNIQUE\\s*\\(([^)]*)\\)", RegexOptions.IgnoreCase)]
    private static partial Regex UniqueConstraintName();

    [GeneratedRegex("CONSTRAINT\\s+\"([^\"]+)\"\\s+CHECK\\s*\\(", RegexOptions.IgnoreCase)]
    private static partial Regex CheckConstraintStart();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
