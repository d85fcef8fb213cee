using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Chat.Infrastructure.Persistence;

/// <summary>
/// What this process has learnt about its database between readiness probes. A corrupt file (SQLite
/// SQLITE_CORRUPT/SQLITE_NOTADB, PostgreSQL XX001/XX002) seen by any request stays reported until the process restarts:
/// corruption does not heal, and a node that answers 503 to every request touching it should leave the load balancer.
/// </summary>
public sealed class DatabaseHealth
{
    private volatile string? _corruption;

    /// <summary>The cause of the first corruption seen, or null.</summary>
    public string? Corruption => _corruption;

    public void ReportCorruption(string cause) => _corruption ??= cause;

    private int _ready = -1;

    /// <summary>Records a probe's outcome; true when it differs from the previous one (the probe logs only changes).</summary>
    public bool ReadinessChanged(bool ready) => Interlocked.Exchange(ref _ready, ready ? 1 : 0) != (ready ? 1 : 0);
}

/// <summary>
/// <c>/health/ready</c>: unhealthy when a request found the database corrupt, or when a real query (the applied
/// migrations, a table read on every provider) fails; healthy otherwise. <c>/health/live</c> does not run it.
/// The health-check service's own per-probe Error lines are off (LoggingSetup); this check logs only when readiness changes.
/// </summary>
internal sealed class DatabaseReadinessCheck(ChatDbContext db, DatabaseHealth health, ILogger<DatabaseReadinessCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = await ProbeAsync(cancellationToken);
        if (health.ReadinessChanged(result.Status == HealthStatus.Healthy))
        {
            if (result.Status == HealthStatus.Healthy)
            {
                logger.LogInformation("Readiness: the database answers");
            }
            else
            {
                logger.LogWarning("Readiness: not ready; {Reason}", result.Description);
            }
        }

        return result;
    }

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        if (health.Corruption is { } corruption)
        {
            return HealthCheckResult.Unhealthy($"The database is corrupt: {corruption}");
        }

        try
        {
            await db.Database.GetAppliedMigrationsAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var kind = DatabaseFailures.Classify(ex);
            if (kind == DatabaseFailureKind.Corrupt)
            {
                health.ReportCorruption(DatabaseFailures.CauseOf(ex));
            }

            // The probe's answer says enough; the exception is not logged with its stack (probes repeat every few seconds).
            return HealthCheckResult.Unhealthy($"The database cannot be used ({kind}): {DatabaseFailures.CauseOf(ex)}");
        }
    }
}
