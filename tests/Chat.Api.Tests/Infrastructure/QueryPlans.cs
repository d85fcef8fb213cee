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

        var tableAliases = TableAlias().Matches(command.Sql)
            .Where(m => largeTables.Contains(m.Groups["table"].Value))
            .Select(m => m.Groups["alias"].Value)
            .ToHashSet();
        return plan.Where(line =>
        {
            var read = PlanRead().Match(line);
            return read.Success && tableAliases.Contains(read.Groups["alias"].Value)
                && (read.Groups["op"].Value == "SCAN" || !line.Contains(" USING ", StringComparison.Ordinal));
        }).ToList();
    }

    [GeneratedRegex("\"(?<table>[A-Za-z]+)\" AS \"(?<alias>[A-Za-z0-9_]+)\"")]
    private static partial Regex TableAlias();

    [GeneratedRegex("^(?<op>SCAN|SEARCH) (?<alias>[A-Za-z0-9_]+)")]
    private static partial Regex PlanRead();
}
