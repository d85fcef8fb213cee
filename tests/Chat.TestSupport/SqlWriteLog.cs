using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Chat.TestSupport;

/// <summary>
/// An EF command interceptor that records the writing SQL statements (<c>INSERT</c>, <c>UPDATE</c>, <c>DELETE</c>) the
/// application sends while <see cref="Recording"/> is on, one entry per statement (a batched command counts each of its
/// statements), with the table it writes. Proves that a write path does not grow with a conversation's size.
/// </summary>
public sealed partial class SqlWriteLog : DbCommandInterceptor
{
    private readonly ConcurrentQueue<SqlWrite> _writes = new();

    public bool Recording { get; set; }

    public IReadOnlyList<SqlWrite> Writes => _writes.ToArray();

    public void Clear() => _writes.Clear();

    /// <summary>Records the statements that <paramref name="work"/> sends, and returns them.</summary>
    public async Task<IReadOnlyList<SqlWrite>> RecordAsync(Func<Task> work)
    {
        Clear();
        Recording = true;
        try
        {
            await work();
        }
        finally
        {
            Recording = false;
        }

        return Writes;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Record(DbCommand command)
    {
        if (!Recording)
        {
            return;
        }

        foreach (Match match in WriteStatement().Matches(command.CommandText))
        {
            _writes.Enqueue(new SqlWrite(Whitespace().Replace(match.Groups["verb"].Value.ToUpperInvariant(), " "), match.Groups["table"].Value));
        }
    }

    // A statement's first words: INSERT INTO "T", UPDATE "T", DELETE FROM "T" (EF quotes every table name).
    [GeneratedRegex("""(?:^|;)\s*(?<verb>INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(?<table>[A-Za-z_]+)"?""", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex WriteStatement();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
