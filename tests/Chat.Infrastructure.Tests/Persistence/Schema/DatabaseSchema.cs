namespace Chat.Infrastructure.Tests.Persistence.Schema;

/// <summary>
/// What a database holds, read back by introspection (not from the EF model): tables, columns, keys, indexes,
/// foreign keys, plus PostgreSQL extensions and enum types. <see cref="Describe"/> turns it into sorted,
/// self-contained lines ("Users: index IX_Users_NormalizedUsername UNIQUE (NormalizedUsername)") so two schemas
/// compare as two sets of lines and a difference reads as a list of what is missing on each side.
/// </summary>
internal sealed record DatabaseSchema(IReadOnlyList<TableSchema> Tables, IReadOnlyList<string> Extensions, IReadOnlyList<string> EnumTypes)
{
    public TableSchema Table(string name) =>
        Tables.SingleOrDefault(t => t.Name == name) ?? throw new InvalidOperationException($"No table '{name}' in the schema.");

    public IReadOnlyList<string> Describe()
    {
        var lines = new List<string>();
        lines.AddRange(Extensions.Select(e => $"extension {e}"));
        lines.AddRange(EnumTypes.Select(e => $"enum type {e}"));
        foreach (var table in Tables)
        {
            lines.AddRange(table.Describe());
        }

        return lines.Order(StringComparer.Ordinal).ToList();
    }
}

internal sealed record TableSchema(
    string Name,
    IReadOnlyList<ColumnSchema> Columns,
    KeySchema? PrimaryKey,
    IReadOnlyList<KeySchema> UniqueConstraints,
    IReadOnlyList<IndexSchema> Indexes,
    IReadOnlyList<ForeignKeySchema> ForeignKeys,
    IReadOnlyList<string> CheckConstraints)
{
    public ColumnSchema Column(string name) =>
        Columns.SingleOrDefault(c => c.Name == name) ?? throw new InvalidOperationException($"No column '{name}' in table '{Name}'.");

    public IEnumerable<string> Describe()
    {
        var prefix = Name + ": ";
        yield return prefix + "(table)";
        foreach (var column in Columns)
        {
            yield return prefix + column.Describe();
        }

        if (PrimaryKey is not null)
        {
            yield return prefix + $"primary key {PrimaryKey.Describe()}";
        }

        foreach (var unique in UniqueConstraints)
        {
            yield return prefix + $"unique constraint {unique.Describe()}";
        }

        foreach (var index in Indexes)
        {
            yield return prefix + index.Describe();
        }

        foreach (var foreignKey in ForeignKeys)
        {
            yield return prefix + foreignKey.Describe();
        }

        foreach (var check in CheckConstraints)
        {
            yield return prefix + $"check {check}";
        }
    }
}

/// <param name="StoreType">The declared type as the database reports it (<c>character varying(32)</c>, <c>uuid</c>, <c>TEXT</c>).</param>
/// <param name="Default">The default expression, or null; see <see cref="SchemaComparison"/> for how defaults are compared.</param>
/// <param name="Generation">Identity or computed-column marker (<c>IDENTITY BY DEFAULT</c>, <c>GENERATED …</c>), or null.</param>
internal sealed record ColumnSchema(string Name, string StoreType, bool IsNullable, string? Default, string? Generation)
{
    /// <summary>
    /// Columns a row must be given a value for: NOT NULL and not computed by the database. Identity and AUTOINCREMENT
    /// keys get one too, so the row can be found again by its key.
    /// </summary>
    public bool NeedsValue => !IsNullable && (Generation is null or "AUTOINCREMENT" || Generation.StartsWith("IDENTITY", StringComparison.Ordinal));

    public string Describe()
    {
        var text = $"column {Name} {StoreType} {(IsNullable ? "NULL" : "NOT NULL")}";
        if (Default is not null)
        {
            text += $" DEFAULT {Default}";
        }

        if (Generation is not null)
        {
            text += $" {Generation}";
        }

        return text;
    }
}

/// <param name="Name">Constraint name; null where the database does not keep one (SQLite's automatic unique indexes).</param>
internal sealed record KeySchema(string? Name, IReadOnlyList<string> Columns)
{
    public string Describe() => $"{Name ?? "(unnamed)"} ({string.Join(", ", Columns)})";
}

/// <param name="Columns">Key columns in index order, each with <c> DESC</c> when descending.</param>
/// <param name="Method">The PostgreSQL access method (<c>btree</c>, <c>gin</c>); null on SQLite.</param>
internal sealed record IndexSchema(string Name, IReadOnlyList<string> Columns, bool IsUnique, string? Filter, IReadOnlyList<string> IncludedColumns, string? Method)
{
    public string Describe()
    {
        var text = $"index {Name}{(IsUnique ? " UNIQUE" : string.Empty)} ({string.Join(", ", Columns)})";
        if (IncludedColumns.Count > 0)
        {
            text += $" INCLUDE ({string.Join(", ", IncludedColumns)})";
        }

        if (Method is not null)
        {
            text += $" USING {Method}";
        }

        if (Filter is not null)
        {
            text += $" WHERE {Filter}";
        }

        return text;
    }
}

internal sealed record ForeignKeySchema(
    string? Name,
    IReadOnlyList<string> Columns,
    string PrincipalTable,
    IReadOnlyList<string> PrincipalColumns,
    string OnDelete,
    string OnUpdate)
{
    public string Describe() =>
        $"foreign key {Name ?? "(unnamed)"} ({string.Join(", ", Columns)}) -> {PrincipalTable} ({string.Join(", ", PrincipalColumns)}) ON DELETE {OnDelete} ON UPDATE {OnUpdate}";
}
