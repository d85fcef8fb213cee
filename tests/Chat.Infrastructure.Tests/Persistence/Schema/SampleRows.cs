using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Chat.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Chat.Infrastructure.Tests.Persistence.Schema;

/// <summary>One row written by <see cref="SampleRows"/>: its table and its primary key as SQL literals.</summary>
internal sealed record SampleRow(string Table, IReadOnlyList<(string Column, string Literal)> PrimaryKey)
{
    public override string ToString() => $"{Table} ({string.Join(", ", PrimaryKey.Select(k => $"{k.Column} = {k.Literal}"))})";
}

/// <summary>
/// Writes one row into every table of whatever schema the database has right now, knowing nothing about the
/// entities: each NOT NULL column gets a value made from its declared type (uuid, text, integer, boolean, timestamp…),
/// foreign keys point at the parent rows written just before (tables are visited parents first), and unique
/// columns get fresh random values. Used between migration steps to prove an upgrade keeps existing rows.
/// </summary>
internal sealed class SampleRows
{
    private readonly List<SampleRow> _written = [];

    public IReadOnlyList<SampleRow> Written => _written;

    public async Task WriteIntoEveryTableAsync(ChatDbContext db)
    {
        var schema = await SchemaReader.ReadAsync(db);
        var postgres = db.Database.IsNpgsql();
        await db.Database.OpenConnectionAsync();
        try
        {
            var connection = db.Database.GetDbConnection();
            var enumLabels = postgres ? await PostgresEnumLabelsAsync(connection) : new Dictionary<string, string>();

            // Values of the rows written in this pass, so children reference this pass's parents.
            var written = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            foreach (var table in ParentsFirst(schema))
            {
                var values = ValuesFor(table, schema, written, postgres, enumLabels);
                written[table.Name] = values;

                var overriding = table.Columns.Any(c => c.Generation == "IDENTITY ALWAYS") ? " OVERRIDING SYSTEM VALUE" : string.Empty;
                var sql = $"INSERT INTO {QuoteTable(table.Name)} ({string.Join(", ", values.Keys.Select(Quote))}){overriding} VALUES ({string.Join(", ", values.Values)})";
                try
                {
                    await Sql.ExecuteAsync(connection, sql);
                }
                catch (DbException ex)
                {
                    throw new InvalidOperationException($"Writing a sample row into {table.Name} failed: {ex.Message}\n{sql}", ex);
                }

                var key = table.PrimaryKey?.Columns.Select(c => (c, values[c])).ToList() ?? [];
                _written.Add(new SampleRow(table.Name, key));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Which of the written rows are no longer in the database, and which tables hold fewer rows than were written.</summary>
    public async Task<IReadOnlyList<string>> FindMissingAsync(ChatDbContext db)
    {
        var missing = new List<string>();
        await db.Database.OpenConnectionAsync();
        try
        {
            var connection = db.Database.GetDbConnection();
            foreach (var row in _written)
            {
                var where = row.PrimaryKey.Count == 0 ? "1 = 1" : string.Join(" AND ", row.PrimaryKey.Select(k => $"{Quote(k.Column)} = {k.Literal}"));
                if (await Sql.CountAsync(connection, $"SELECT COUNT(*) FROM {QuoteTable(row.Table)} WHERE {where}") != 1)
                {
                    missing.Add($"row {row}");
                }
            }

            foreach (var table in _written.GroupBy(r => r.Table))
            {
                var count = await Sql.CountAsync(connection, $"SELECT COUNT(*) FROM {QuoteTable(table.Key)}");
                if (count < table.Count())
                {
                    missing.Add($"table {table.Key} holds {count} rows, {table.Count()} were written");
                }
            }
        }
        catch (DbException ex)
        {
            missing.Add($"reading the rows back failed: {ex.Message}");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return missing;
    }

    private static Dictionary<string, string> ValuesFor(
        TableSchema table,
        DatabaseSchema schema,
        Dictionary<string, Dictionary<string, string>> written,
        bool postgres,
        IReadOnlyDictionary<string, string> enumLabels)
    {
        // Nullable columns stay NULL, except those another table's foreign key points at.
        var referenced = schema.Tables
            .SelectMany(t => t.ForeignKeys)
            .Where(f => f.PrincipalTable == table.Name)
            .SelectMany(f => f.PrincipalColumns)
            .ToHashSet(StringComparer.Ordinal);

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in table.Columns.Where(c => c.NeedsValue || (referenced.Contains(c.Name) && c.Generation is null)))
        {
            values[column.Name] = postgres ? PostgresValue(table, column, enumLabels) : SqliteValue(column);
        }

        foreach (var foreignKey in table.ForeignKeys.Where(f => IsRequired(table, f)))
        {
            var parent = foreignKey.PrincipalTable == table.Name ? values : written[foreignKey.PrincipalTable];
            for (var i = 0; i < foreignKey.Columns.Count; i++)
            {
                values[foreignKey.Columns[i]] = parent[foreignKey.PrincipalColumns[i]];
            }
        }

        return values;
    }

    private static bool IsRequired(TableSchema table, ForeignKeySchema foreignKey) =>
        foreignKey.Columns.Any(c => !table.Column(c).IsNullable);

    /// <summary>Tables ordered so every required foreign key's principal comes first (nullable foreign keys stay NULL, so they add no edge).</summary>
    private static List<TableSchema> ParentsFirst(DatabaseSchema schema)
    {
        var pending = schema.Tables.ToDictionary(
            t => t.Name,
            t => t.ForeignKeys.Where(f => IsRequired(t, f) && f.PrincipalTable != t.Name).Select(f => f.PrincipalTable).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        var ordered = new List<TableSchema>();
        while (pending.Count > 0)
        {
            var ready = pending.Where(p => p.Value.All(parent => !pending.ContainsKey(parent))).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException($"Required foreign keys form a cycle between {string.Join(", ", pending.Keys)}; no row order satisfies them.");
            }

            foreach (var name in ready)
            {
                ordered.Add(schema.Table(name));
                pending.Remove(name);
            }
        }

        return ordered;
    }

    private static string PostgresValue(TableSchema table, ColumnSchema column, IReadOnlyDictionary<string, string> enumLabels)
    {
        var type = column.StoreType;
        if (enumLabels.TryGetValue(type.Trim('"'), out var label))
        {
            return $"{Text(label)}::{type}";
        }

        if (type.EndsWith("[]", StringComparison.Ordinal))
        {
            return $"'{{}}'::{type}";
        }

        var baseType = type.Split('(')[0];
        return baseType switch
        {
            "uuid" => $"{Text(Guid.NewGuid().ToString())}::uuid",
            "text" or "citext" or "character varying" or "character" => $"{Text(RandomText(MaxLength(type)))}::{type}",
            "smallint" => RandomNumber(short.MaxValue).ToString(CultureInfo.InvariantCulture),
            "integer" or "bigint" => RandomNumber(int.MaxValue).ToString(CultureInfo.InvariantCulture),
            "numeric" or "real" or "double precision" => $"'1'::{type}",
            "boolean" => "true",
            "timestamp with time zone" => $"{Text(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.ffffff+00", CultureInfo.InvariantCulture))}::timestamptz",
            "timestamp without time zone" => $"{Text(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture))}::timestamp",
            "date" => $"{Text(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}::date",
            "time without time zone" or "time with time zone" => $"'12:00:00'::{type}",
            "interval" => "'1 hour'::interval",
            "bytea" => $"'\\x{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}'::bytea",
            "json" or "jsonb" => $"'{{}}'::{type}",
            "tsvector" => "''::tsvector",
            _ => throw new NotSupportedException($"No sample value for {table.Name}.{column.Name} of type {type}: teach {nameof(SampleRows)} this type."),
        };
    }

    /// <summary>SQLite has type affinities, not types: <c>TEXT</c> holds GUIDs, timestamps and strings alike (EF writes GUIDs upper-case).</summary>
    private static string SqliteValue(ColumnSchema column)
    {
        var type = column.StoreType.ToUpperInvariant();
        if (type.Contains("INT", StringComparison.Ordinal))
        {
            return RandomNumber(int.MaxValue).ToString(CultureInfo.InvariantCulture);
        }

        if (type.Contains("REAL", StringComparison.Ordinal) || type.Contains("FLOA", StringComparison.Ordinal) || type.Contains("DOUB", StringComparison.Ordinal))
        {
            return "1.5";
        }

        if (type.Contains("BLOB", StringComparison.Ordinal))
        {
            return $"X'{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}'";
        }

        return Text(Guid.NewGuid().ToString().ToUpperInvariant());
    }

    private static async Task<IReadOnlyDictionary<string, string>> PostgresEnumLabelsAsync(DbConnection connection) =>
        (await Sql.QueryAsync(connection, "SELECT t.typname::text, min(e.enumlabel::text) FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname"))
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!, StringComparer.Ordinal);

    private static int? MaxLength(string type)
    {
        var open = type.IndexOf('(', StringComparison.Ordinal);
        return open < 0 ? null : int.Parse(type[(open + 1)..type.IndexOf(')', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
    }

    private static string RandomText(int? maxLength)
    {
        var text = Guid.NewGuid().ToString();
        return maxLength is { } max && max < text.Length ? text[..max] : text;
    }

    private static int RandomNumber(int max) => RandomNumberGenerator.GetInt32(1, max);

    private static string Text(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string QuoteTable(string table) => string.Join(".", table.Split('.').Select(Quote));
}
