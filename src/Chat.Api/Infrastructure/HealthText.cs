using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chat.Api.Infrastructure;

/// <summary>
/// The body of <c>/health/ready</c> (rest.md "Operations"): the status word (<c>Healthy</c>, <c>Degraded</c>,
/// <c>Unhealthy</c>) and one line per degraded check: <c>name: Degraded: reason</c> (Redis away). Unhealthy checks give
/// no detail here (the database's cause may name hosts; it is in the log). Plain text, as before.
/// </summary>
internal static class HealthText
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = new List<string> { report.Status.ToString() };
        lines.AddRange(report.Entries
            .Where(e => e.Value.Status == HealthStatus.Degraded)
            .Select(e => $"{e.Key}: {e.Value.Status}: {e.Value.Description ?? e.Value.Exception?.GetType().Name ?? "no detail"}"));
        return context.Response.WriteAsync(string.Join('\n', lines));
    }
}
