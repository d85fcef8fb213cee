using System.Data.Common;

namespace Chat.Infrastructure.Tests.Persistence.Schema;

/// <summary>
/// PostgreSQL introspection through <c>pg_catalog</c>: <c>pg_class</c>/<c>pg_attribute</c> for tables and columns
/// (types via <c>format_type</c>), <c>pg_constraint</c> for keys, foreign keys and checks, <c>pg_index</c> for indexes
/// (minus those backing a constraint), <c>pg_extension</c> and <c>pg_enum</c>. Every schema but the system ones is read;
/// tables outside <c>public</c> are named <c>schema.table</c>.
/// </summary>
internal static class PostgresSchemaReader
{
    private const string TablesSql = """
        SELECT c.oid::bigint, CASE WHEN n.nspname = 'public' THEN c.relname::text ELSE n.nspname || '.' || c.relname END
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
        """;

    private const string ColumnsSql = """
        SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity::text, a.attgenerated::text,
               pg_get_expr(d.adbin, d.adrelid)
        FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = @table::oid AND a.attnum > 0 AND NOT a.attisdropped
        """;

    private const string ConstraintsSql = """
        SELECT con.conname::text, con.contype::text,
               ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord),
               CASE WHEN pn.nspname = 'public' THEN pc.relname::text ELSE pn.nspname || '.' || pc.relname END,
               ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord),
               con.confdeltype::text, con.confupdtype::text, pg_get_constraintdef(con.oid, true)
        FROM pg_constraint con
        LEFT JOIN pg_class pc ON pc.oid = con.confrelid
        LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE con.conrelid = @table::oid
        """;

    private const string IndexesSql = """
        SELECT ic.relname::text, i.indisunique, am.amname::text, pg_get_expr(i.indpred, i.indrelid, true),
               ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) || CASE WHEN (i.indoption[k - 1] & 1) = 1 THEN ' DESC' ELSE '' END
                     FROM generate_series(1, i.indnkeyatts) k ORDER BY k),
               ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(i.indnkeyatts + 1, i.indnatts) k ORDER BY k)
        FROM pg_index i
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_am am ON am.oid = ic.relam
        WHERE i.indrelid = @table::oid
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
        """;

    private const string EnumsSql = """
        SELECT t.typname || ' (' || string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) || ')'
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        GROUP BY t.typname
        """;

    public static async Task<DatabaseSchema> ReadAsync(DbConnection connection)
    {
        var tables = new List<TableSchema>();
        foreach (var row in await Sql.QueryAsync(connection, TablesSql))
        {
            var name = (string)row[1]!;
            if (!SchemaReader.BookkeepingTables.Contains(name))
            {
                tables.Add(await ReadTableAsync(connection, (long)row[0]!, name));
            }
        }

        var extensions = (await Sql.QueryAsync(connection, "SELECT extname::text FROM pg_extension WHERE extname <> 'plpgsql'"))
            .Select(r => (string)r[0]!);
        var enums = (await Sql.QueryAsync(connection, EnumsSql)).Select(r => (string)r[0]!);
        return new DatabaseSchema(
            tables.OrderBy(t => t.Name, StringComparer.Ordinal).ToList(),
            extensions.Order(StringComparer.Ordinal).ToList(),
            enums.Order(StringComparer.Ordinal).ToList());
    }

    private static async Task<TableSchema> ReadTableAsync(DbConnection connection, long oid, string table)
    {
        var columns = (await Sql.QueryAsync(connection, ColumnsSql, ("table", oid)))
            .Select(r =>
            {
                var identity = (string)r[3]!;
                var generated = (string)r[4]!;
                var expression = (string?)r[5];
                return new ColumnSchema(
                    Name: (string)r[0]!,
                    StoreType: (string)r[1]!,
                    IsNullable: !(bool)r[2]!,
                    Default: generated.Length == 0 ? expression : null,
                    Generation: (identity, generated) switch
                    {
                        ("d", _) => "IDENTITY BY DEFAULT",
                        ("a", _) => "IDENTITY ALWAYS",
                        (_, "s") => $"GENERATED ALWAYS AS ({expression}) STORED",
                        _ => null,
                    });
            })
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

        KeySchema? primaryKey = null;
        var uniques = new List<KeySchema>();
        var foreignKeys = new List<ForeignKeySchema>();
        var checks = new List<string>();
        foreach (var row in await Sql.QueryAsync(connection, ConstraintsSql, ("table", oid)))
        {
            var name = (string)row[0]!;
            var keyColumns = (string[])row[2]!;
            switch ((string)row[1]!)
            {
                case "p":
                    primaryKey = new KeySchema(name, keyColumns);
                    break;
                case "u":
                    uniques.Add(new KeySchema(name, keyColumns));
                    break;
                case "f":
                    foreignKeys.Add(new ForeignKeySchema(name, keyColumns, (string)row[3]!, (string[])row[4]!, Action((string)row[5]!), Action((string)row[6]!)));
                    break;
                default:
                    checks.Add($"{name} {row[7]}");
                    break;
            }
        }

        var indexes = (await Sql.QueryAsync(connection, IndexesSql, ("table", oid)))
            .Select(r => new IndexSchema(
                Name: (string)r[0]!,
                Columns: ((string[])r[4]!).Select(Unquote).ToList(),
                IsUnique: (bool)r[1]!,
                Filter: (string?)r[3],
                IncludedColumns: ((string[])r[5]!).Select(Unquote).ToList(),
                Method: (string)r[2]!))
            .OrderBy(i => i.Name, StringComparer.Ordinal)
            .ToList();

        return new TableSchema(
            table,
            columns,
            primaryKey,
            uniques.OrderBy(u => u.Name, StringComparer.Ordinal).ToList(),
            indexes,
            foreignKeys.OrderBy(f => f.Name, StringComparer.Ordinal).ToList(),
            checks.Order(StringComparer.Ordinal).ToList());
    }

    private static string Unquote(string column) => column.Length > 1 && column[0] == '"' && column[^1] == '"' ? column[1..^1] : column;

    private static string Action(string code) => code switch
    {
        "a" => "NO ACTION",
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        _ => code,
    };
}
