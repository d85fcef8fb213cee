using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Chat.TestSupport;

/// <summary>A SQL command as EF sent it: its SQL, its parameters (so its query plan can be asked for), and the connection it ran on.</summary>
public sealed record RecordedCommand(string Sql, IReadOnlyList<RecordedParameter> Parameters, DbConnection? Connection);

public sealed record RecordedParameter(string Name, object? Value, System.Data.DbType DbType);

/// <summary>
/// Records the SQL commands EF sends while <see cref="Recording"/> (to count them, or to explain their plans), and counts
/// the connection opens then (<see cref="Opens"/>; add <see cref="Connections"/> to the context's interceptors too).
/// </summary>
public sealed class SqlCommandCounter : DbCommandInterceptor
{
    private readonly List<RecordedCommand> _commands = [];
    private long _lastCommandTicks = Environment.TickCount64;
    private int _opens;

    public SqlCommandCounter() => Connections = new OpenCounter(this);

    public bool Recording { get; set; }

    /// <summary>Connections opened while recording (EF opens one around each command unless it is held open).</summary>
    public int Opens => Volatile.Read(ref _opens);

    /// <summary>The interceptor that counts <see cref="Opens"/>.</summary>
    public IInterceptor Connections { get; }

    public IReadOnlyList<RecordedCommand> Commands
    {
        get
        {
            lock (_commands)
            {
                return [.. _commands];
            }
        }
    }

    /// <summary>
    /// Waits until no command has been sent for <paramref name="quiet"/> (at most 10 s), so that work the arranging
    /// requests left running after their answers (event handlers, receipts) does not land among the recorded commands.
    /// </summary>
    public async Task WaitForQuietAsync(TimeSpan quiet)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (Environment.TickCount64 - Interlocked.Read(ref _lastCommandTicks) < quiet.TotalMilliseconds && Environment.TickCount64 < deadline)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Runs <paramref name="read"/> twice, each after <paramref name="quiet"/> without commands, recording its commands,
    /// and returns the run that sent fewer. The recorder sees every command of the server, and work off the request's
    /// path (the session-revocation poll every 2 s, event handlers, fan-out) can land during one run on a busy machine:
    /// such commands only add.
    /// </summary>
    public async Task<(T Result, IReadOnlyList<RecordedCommand> Commands, int Opens)> RecordFewerOfTwoAsync<T>(Func<Task<T>> read, TimeSpan quiet)
    {
        (T Result, IReadOnlyList<RecordedCommand> Commands, int Opens)? fewer = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await WaitForQuietAsync(quiet);
            Reset();
            Recording = true;
            var result = await read();
            Recording = false;
            var commands = Commands;
            if (fewer is null || commands.Count < fewer.Value.Commands.Count)
            {
                fewer = (result, commands, Opens);
            }
        }

        return fewer!.Value;
    }

    public void Reset()
    {
        lock (_commands)
        {
            _commands.Clear();
        }

        Interlocked.Exchange(ref _opens, 0);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
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
        Interlocked.Exchange(ref _lastCommandTicks, Environment.TickCount64);
        if (!Recording)
        {
            return;
        }

        lock (_commands)
        {
            _commands.Add(new RecordedCommand(
                command.CommandText,
                command.Parameters.Cast<DbParameter>().Select(p => new RecordedParameter(p.ParameterName, p.Value, p.DbType)).ToList(),
                command.Connection));
        }
    }

    private sealed class OpenCounter(SqlCommandCounter counter) : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Count();

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Count();
            return Task.CompletedTask;
        }

        private void Count()
        {
            if (counter.Recording)
            {
                Interlocked.Increment(ref counter._opens);
            }
        }
    }
}
