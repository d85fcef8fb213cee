using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Chat.Application.Tests.Friends;

/// <summary>Records every query EF runs on SQLite together with SQLite's plan for it (<c>EXPLAIN QUERY PLAN</c>).</summary>
internal sealed class SqliteQueryPlans : DbCommandInterceptor
{
    private readonly List<(string Sql, List<string> Plan)> _queries = [];

    public IReadOnlyList<(string Sql, List<string> Plan)> Queries => _queries;

    public void Clear() => _queries.Clear();

    /// <summary>
    /// Whether a plan step reads a whole table: a SCAN, except of a constant row or of a virtual table (<c>json_each</c>
    /// over a list parameter: the query's own ids, DatabaseSetup's ParameterTranslationMode.Parameter).
    /// </summary>
    public static bool IsTableScan(string step) =>
        step.StartsWith("SCAN", StringComparison.Ordinal) && step != "SCAN CONSTANT ROW" && !step.Contains(" VIRTUAL TABLE", StringComparison.Ordinal);

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await using var explain = command.Connection!.CreateCommand();
        explain.Transaction = command.Transaction;
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        foreach (DbParameter parameter in command.Parameters)
        {
            var copy = explain.CreateParameter();
            copy.ParameterName = parameter.ParameterName;
            copy.Value = parameter.Value;
            explain.Parameters.Add(copy);
        }

        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                plan.Add(reader.GetString(3));
            }
        }

        _queries.Add((command.CommandText, plan));
        return result;
    }
}
