using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Chat.Infrastructure.Tests.Persistence.SqlServer;

/// <summary>
/// The schema a T-SQL script leaves behind, worked out from ScriptDom's syntax tree statement by statement (tables,
/// columns with type and nullability, primary keys, unique constraints, indexes with their filters, foreign keys with
/// their delete and update actions), as sorted self-contained lines like the other providers' comparison.
/// Statements the migrations of today do not use fail loudly ("teach SqlServerSchema ..."), so a later migration that
/// needs one extends this instead of being silently ignored. Defaults are not compared (a NOT NULL column added to a
/// table with rows needs one the model lacks); the migrations history table is ignored.
/// </summary>
internal sealed class SqlServerSchema
{
    private const string HistoryTable = "__EFMigrationsHistory";

    private readonly Dictionary<string, Table> _tables = new(StringComparer.Ordinal);

    public static SqlServerSchema Of(TSqlScript script)
    {
        var schema = new SqlServerSchema();
        foreach (var statement in script.Batches.SelectMany(b => b.Statements).SelectMany(Flatten))
        {
            schema.Apply(statement);
        }

        return schema;
    }

    public IReadOnlyList<string> Lines() =>
        _tables.Values.SelectMany(t => t.Lines()).Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> TableNames => _tables.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The idempotent script wraps each statement in <c>IF NOT EXISTS (...) BEGIN ... END</c>; EXEC(N'...') holds some.</summary>
    private static IEnumerable<TSqlStatement> Flatten(TSqlStatement statement)
    {
        switch (statement)
        {
            case IfStatement ifStatement:
                return Flatten(ifStatement.ThenStatement).Concat(ifStatement.ElseStatement is null ? [] : Flatten(ifStatement.ElseStatement));
            case BeginEndBlockStatement block:
                return block.StatementList.Statements.SelectMany(Flatten);
            // EF's AlterColumn first drops the column's default constraint under a name looked up at run time:
            // EXEC(N'ALTER TABLE [T] DROP CONSTRAINT ' + @var + ';'). Defaults are outside the compared schema.
            case ExecuteStatement { ExecuteSpecification.ExecutableEntity: ExecutableStringList dynamic }
                when dynamic.Strings.Any(s => s is not StringLiteral)
                    && string.Concat(dynamic.Strings.OfType<StringLiteral>().Select(s => s.Value)).Contains("DROP CONSTRAINT", StringComparison.OrdinalIgnoreCase):
                return [];
            case ExecuteStatement { ExecuteSpecification.ExecutableEntity: ExecutableStringList strings }:
                var sql = string.Concat(strings.Strings.OfType<StringLiteral>().Select(s => s.Value));
                var inner = SqlServerOffline.Parse(sql, out var errors);
                if (errors.Count > 0)
                {
                    throw new InvalidOperationException($"EXEC string does not parse: {sql}");
                }

                return inner.Batches.SelectMany(b => b.Statements).SelectMany(Flatten);
            default:
                return [statement];
        }
    }

    private void Apply(TSqlStatement statement)
    {
        switch (statement)
        {
            case CreateTableStatement create:
                var table = new Table(Name(create.SchemaObjectName));
                if (table.Name == HistoryTable)
                {
                    return;
                }

                foreach (var column in create.Definition.ColumnDefinitions)
                {
                    table.AddColumn(column);
                }

                foreach (var constraint in create.Definition.TableConstraints)
                {
                    table.AddConstraint(constraint);
                }

                _tables.Add(table.Name, table);
                break;
            case DropTableStatement drop:
                foreach (var name in drop.Objects)
                {
                    _tables.Remove(Name(name));
                }

                break;
            case AlterTableAddTableElementStatement add when !IsHistory(add.SchemaObjectName):
                var target = _tables[Name(add.SchemaObjectName)];
                foreach (var column in add.Definition.ColumnDefinitions)
                {
                    target.AddColumn(column);
                }

                foreach (var constraint in add.Definition.TableConstraints)
                {
                    target.AddConstraint(constraint);
                }

                break;
            case AlterTableDropTableElementStatement dropElement:
                var from = _tables[Name(dropElement.SchemaObjectName)];
                foreach (var element in dropElement.AlterTableDropTableElements)
                {
                    from.Drop(element.TableElementType, element.Name.Value);
                }

                break;
            case CreateIndexStatement index when !IsHistory(index.OnName):
                _tables[Name(index.OnName)].AddIndex(index);
                break;
            case DropIndexStatement dropIndex:
                foreach (var clause in dropIndex.DropIndexClauses.OfType<DropIndexClause>())
                {
                    _tables[Name(clause.Object)].Indexes.Remove(clause.Index.Value);
                }

                break;
            case InsertStatement or DeleteStatement or UpdateStatement or DeclareVariableStatement or SelectStatement
                or BeginTransactionStatement or CommitTransactionStatement or SetVariableStatement or PredicateSetStatement:
                // History rows, the variable dance EF uses to drop a column's default constraint, transactions.
                break;
            case ExecuteStatement execute when Text(execute).Contains("sp_rename", StringComparison.OrdinalIgnoreCase):
                throw new NotSupportedException($"teach SqlServerSchema renames: {Text(execute)}");
            case ExecuteStatement:
                break;
            case AlterTableAlterColumnStatement alter:
                _tables[Name(alter.SchemaObjectName)].AlterColumn(alter);
                break;
            default:
                throw new NotSupportedException($"teach SqlServerSchema this statement ({statement.GetType().Name}): {Text(statement)}");
        }
    }

    private static bool IsHistory(SchemaObjectName name) => Name(name) == HistoryTable;

    private static string Name(SchemaObjectName name) => name.BaseIdentifier.Value;

    private static string Text(TSqlFragment fragment) => SqlServerOffline.Text(fragment);

    private sealed class Table(string name)
    {
        public string Name { get; } = name;

        public Dictionary<string, string> Columns { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Constraints { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Indexes { get; } = new(StringComparer.Ordinal);

        public void AddColumn(ColumnDefinition column)
        {
            var nullable = column.Constraints.OfType<NullableConstraintDefinition>().SingleOrDefault()?.Nullable ?? true;
            var identity = column.IdentityOptions is null ? string.Empty : " IDENTITY";
            var computed = column.ComputedColumnExpression is null ? string.Empty : $" AS {Text(column.ComputedColumnExpression)}";
            var type = column.DataType is null ? string.Empty : Text(column.DataType).ToLowerInvariant();
            Columns[column.ColumnIdentifier.Value] = $"column {column.ColumnIdentifier.Value} {type}{computed}{identity} {(nullable ? "NULL" : "NOT NULL")}";
            foreach (var constraint in column.Constraints.Where(c => c is not NullableConstraintDefinition and not DefaultConstraintDefinition))
            {
                throw new NotSupportedException($"teach SqlServerSchema column constraints: {Text(constraint)}");
            }
        }

        public void AlterColumn(AlterTableAlterColumnStatement alter)
        {
            // ScriptDom reads a trailing NULL / NOT NULL as an option.
            if (alter.AlterTableAlterColumnOption is AlterTableAlterColumnOption.Null or AlterTableAlterColumnOption.NotNull && alter.DataType is not null)
            {
                var option = alter.AlterTableAlterColumnOption == AlterTableAlterColumnOption.NotNull ? "NOT NULL" : "NULL";
                Columns[alter.ColumnIdentifier.Value] = $"column {alter.ColumnIdentifier.Value} {Text(alter.DataType).ToLowerInvariant()} {option}";
                return;
            }

            if (alter.AlterTableAlterColumnOption != AlterTableAlterColumnOption.NoOptionDefined)
            {
                throw new NotSupportedException($"teach SqlServerSchema ALTER COLUMN options: {Text(alter)}");
            }

            var nullable = alter.Collation is null && alter.DataType is not null
                ? Text(alter).Contains(" NOT NULL", StringComparison.OrdinalIgnoreCase) ? "NOT NULL" : "NULL"
                : throw new NotSupportedException($"teach SqlServerSchema this ALTER COLUMN: {Text(alter)}");
            Columns[alter.ColumnIdentifier.Value] = $"column {alter.ColumnIdentifier.Value} {Text(alter.DataType!).ToLowerInvariant()} {nullable}";
        }

        public void AddConstraint(ConstraintDefinition constraint)
        {
            var name = constraint.ConstraintIdentifier?.Value ?? throw new NotSupportedException($"unnamed constraint: {Text(constraint)}");
            Constraints[name] = constraint switch
            {
                UniqueConstraintDefinition { IsPrimaryKey: true } pk => $"primary key {name} ({ColumnList(pk.Columns)})",
                UniqueConstraintDefinition unique => $"unique constraint {name} ({ColumnList(unique.Columns)})",
                ForeignKeyConstraintDefinition fk =>
                    $"foreign key {name} ({string.Join(", ", fk.Columns.Select(c => c.Value))}) -> {fk.ReferenceTableName.BaseIdentifier.Value} " +
                    $"({string.Join(", ", fk.ReferencedTableColumns.Select(c => c.Value))}) ON DELETE {Action(fk.DeleteAction)} ON UPDATE {Action(fk.UpdateAction)}",
                CheckConstraintDefinition check => $"check {name} {Text(check.CheckCondition)}",
                _ => throw new NotSupportedException($"teach SqlServerSchema this constraint: {Text(constraint)}"),
            };
        }

        public void Drop(TableElementType type, string name)
        {
            var removed = type switch
            {
                TableElementType.Column => Columns.Remove(name),
                TableElementType.Constraint or TableElementType.NotSpecified => Constraints.Remove(name),
                _ => throw new NotSupportedException($"teach SqlServerSchema dropping a {type}"),
            };
            if (!removed && type == TableElementType.Column)
            {
                throw new InvalidOperationException($"{Name}: dropping unknown column {name}");
            }
        }

        public void AddIndex(CreateIndexStatement index)
        {
            var unique = index.Unique ? " UNIQUE" : string.Empty;
            var clustered = index.Clustered == true ? " CLUSTERED" : string.Empty;
            var include = index.IncludeColumns.Count == 0 ? string.Empty : $" INCLUDE ({string.Join(", ", index.IncludeColumns.Select(c => c.MultiPartIdentifier.Identifiers[^1].Value))})";
            var filter = index.FilterPredicate is null ? string.Empty : $" WHERE {Text(index.FilterPredicate)}";
            Indexes[index.Name.Value] = $"index {index.Name.Value}{unique}{clustered} ({ColumnList(index.Columns)}){include}{filter}";
        }

        public IEnumerable<string> Lines() =>
            Columns.Values.Concat(Constraints.Values).Concat(Indexes.Values).Select(line => $"{Name}: {line}");

        private static string ColumnList(IEnumerable<ColumnWithSortOrder> columns) =>
            string.Join(", ", columns.Select(c => c.Column.MultiPartIdentifier.Identifiers[^1].Value + (c.SortOrder == SortOrder.Descending ? " DESC" : string.Empty)));

        private static string Action(DeleteUpdateAction action) => action switch
        {
            DeleteUpdateAction.Cascade => "CASCADE",
            DeleteUpdateAction.SetNull => "SET NULL",
            DeleteUpdateAction.SetDefault => "SET DEFAULT",
            _ => "NO ACTION",
        };
    }
}
