using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Chat.Api.Infrastructure;

/// <summary>
/// One structured line per request: method, path, masked query, status, duration. Never headers (Authorization)
/// or bodies; credential-bearing query values (<c>token</c>, <c>access_token</c>, <c>ticket</c>) are masked.
/// </summary>
internal sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            logger.LogInformation(
                "HTTP {Method} {Path}{Query} answered {StatusCode} in {ElapsedMs:0.0} ms",
                context.Request.Method,
                context.Request.Path.Value,
                MaskQuery(context.Request.QueryString.Value),
                context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    public static string MaskQuery(string? query) =>
        string.IsNullOrEmpty(query) ? string.Empty : SecretQueryValue().Replace(query, "$1=***");

    [GeneratedRegex("(?<=[?&])(token|access_token|ticket|refresh_token)=[^&]*", RegexOptions.IgnoreCase)]
    private static partial Regex SecretQueryValue();
}
