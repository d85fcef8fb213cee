using System.Collections.Concurrent;
using Chat.Infrastructure.Persistence;

namespace Chat.Api.Errors;

/// <summary>
/// Logs the failures <see cref="ProblemCodes"/> answers for the HTTP handler and the socket alike. A bug is logged
/// every time with its stack trace. A database failure (down, full, corrupt) is logged at most once per kind per
/// <see cref="Interval"/>, as one line without a stack trace that counts the occurrences it stands for: an outage
/// answered to thousands of requests leaves a few lines, not thousands. Lost races with a deletion or an equal change
/// are handled answers (404, 409) and logged at Debug. A corrupt database is also reported to <see cref="DatabaseHealth"/>,
/// which fails readiness.
/// </summary>
public sealed class FailureLog(ILogger<FailureLog> logger, DatabaseHealth health, TimeProvider clock)
{
    /// <summary>At most one line per failure kind per interval.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<DatabaseFailureKind, Window> _windows = new();

    /// <summary>Logs an exception <see cref="ProblemCodes.FromException"/> could not map (a bug): always, with its stack trace.</summary>
    public void Bug(Exception exception, string where) =>
        logger.LogError(exception, "Unhandled exception on {Where}", where);

    /// <summary>Logs a mapped failure: database failures throttled per kind, the rest (expected refusals) not at all.</summary>
    public void Failure(ProblemCodes.Failure failure, Exception exception, string where)
    {
        switch (failure.Database)
        {
            case DatabaseFailureKind.None:
                return;
            case DatabaseFailureKind.Gone or DatabaseFailureKind.Conflict:
                logger.LogDebug("{Where} lost a race ({FailureKind}): {Cause}", where, failure.Database, DatabaseFailures.CauseOf(exception));
                return;
            case DatabaseFailureKind.Corrupt:
                health.ReportCorruption(DatabaseFailures.CauseOf(exception));
                break;
        }

        var now = clock.GetUtcNow();
        var window = _windows.GetOrAdd(failure.Database, _ => new Window());
        long suppressed;
        lock (window)
        {
            if (window.LoggedAt is { } last && now - last < Interval)
            {
                window.Suppressed++;
                return;
            }

            suppressed = window.Suppressed;
            window.Suppressed = 0;
            window.LoggedAt = now;
        }

        logger.LogError(
            "Database failure {FailureKind} answered {Status} {Code} on {Where}: {Cause} ({Suppressed} more alike since the previous line; at most one line per {IntervalSeconds} s)",
            failure.Database, failure.Status, failure.Code, where, DatabaseFailures.CauseOf(exception), suppressed, (int)Interval.TotalSeconds);
    }

    private sealed class Window
    {
        public DateTimeOffset? LoggedAt { get; set; }

        public long Suppressed { get; set; }
    }
}
