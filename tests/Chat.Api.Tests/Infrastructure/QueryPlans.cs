using System.Data.Common;
using System.Text.RegularExpressions;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Chat.Api.Tests.Infrastructure;

/// <summary>
/// Asks the database how it would run recorded commands. SQLite: <c>EXPLAIN QUERY PLAN</c>, where a table read must be
/// a SEARCH through an index (never a SCAN). PostgreSQL: <c>EXPLAIN</c>, where the large tables must be read by index.
/// </summary>
public static partial class QueryPlans
{
    public static async Task<IReadOnlyList<string>> ExplainAsync(DatabaseProvider provider, string connectionString, RecordedCommand command)
    {
        await using DbConnection connection = provider == DatabaseProvider.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = (provider == DatabaseProvider.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + command.Sql;
        foreach (var recorded in command.Parameters)
        {
            var parameter = explain.CreateParameter();
            parameter.ParameterName = recorded.Name;
            parameter.Value = recorded.Value ?? DBNull.Value;
            parameter.DbType = recorded.DbType;
            explain.Parameters.Add(parameter);
        }

        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(provider == DatabaseProvider.Sqlite ? 3 : 0).Trim());
        }

        return lines;
    }

    /// <summary>The plan lines that read one of <paramref name="largeTables"/> without an index range (empty when every read is one).</summary>
    public static IReadOnlyList<string> FullReads(DatabaseProvider provider, RecordedCommand command, IReadOnlyList<string> plan, params string[] largeTables)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            return plan.Where(line => largeTables.Any(table => line.Contains($"Seq Scan on \"{table}\"", StringComparison.Ordinal))).ToList();
        }

        return SqliteReads(command, plan, largeTables)
            .Where(read => read.Operation == "SCAN" || !read.Line.Contains(" USING ", StringComparison.Ordinal))
            .Select(read => read.Line)
            .ToList();
    }

    /// <summary>
    /// SQLite plan lines that read one of <paramref name="tables"/> (matched through the command's table aliases): the
    /// operation (SCAN or SEARCH), the line, and an index search's condition such as <c>(ConversationId=?)</c>.
    /// </summary>
    public static IEnumerable<(string Operation, string Line, string? Condition)> SqliteReads(RecordedCommand command, IReadOnlyList<string> plan, params string[] tables)
    {
        var tableAliases = TableAlias().Matches(command.Sql)
            .Where(m => tables.Contains(m.Groups["table"].Value))
            .Select(m => m.Groups["alias"].Value)
            .ToHashSet();
        foreach (var line in plan)
        {
            if (PlanRead().Match(line) is { Success: true } read && tableAliases.Contains(read.Groups["alias"].Value))
            {
                yield return (read.Groups["op"].Value, line, read.Groups["cond"].Success ? read.Groups["cond"].Value : null);
            }
        }
    }

    [GeneratedRegex("\"(?<table>[A-Za-z]+)\" AS \"(?<alias>[A-Za-z0-9_]+)\"")]
    private static partial Regex TableAlias();

    [GeneratedRegex("^(?<op>SCAN|SEARCH) (?<alias>[A-Za-z0-9_]+)(?: USING (?:COVERING )?INDEX \\S+ (?<cond>\\(.*\\)))?")]
    private static partial Regex PlanRead();
}
