using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Chat.Application.Tests.Support;

/// <summary>Counts the SQL commands (round trips) EF sends while <see cref="Recording"/>, and keeps their text.</summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private readonly List<string> _commands = [];

    public bool Recording { get; set; }

    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_commands)
            {
                return [.. _commands];
            }
        }
    }

    public void Reset()
    {
        lock (_commands)
        {
            _commands.Clear();
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command)
    {
        if (!Recording)
        {
            return;
        }

        lock (_commands)
        {
            _commands.Add(command.CommandText);
        }
    }
}
