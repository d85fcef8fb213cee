using System.Net;
using System.Security.Cryptography;
using System.Text;
using Chat.Application.Common.Exceptions;
using Chat.Infrastructure.Realtime;
using Microsoft.AspNetCore.Routing;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Chat.Api.Infrastructure;

/// <summary>
/// OpenTelemetry: ASP.NET Core and runtime metrics plus the server's own meter (<see cref="RealtimeMetrics.MeterName"/>);
/// a Prometheus scrape endpoint for loopback callers or a scrape token; when <c>Chat:Telemetry:OtlpEndpoint</c> is set,
/// OTLP export of those metrics and of ASP.NET Core and EF Core traces (traced only then) (docs/observability.md).
/// Spans carry the route template (<c>/api/v1/invites/{code}</c>), never the raw path, which can hold invite codes.
/// </summary>
internal static class TelemetrySetup
{
    /// <summary>Settings under <c>Chat:Metrics</c> and <c>Chat:Telemetry</c>.</summary>
    public sealed record Options(string? Path, bool AllowLoopback, string? ScrapeToken, Uri? OtlpEndpoint)
    {
        public static Options From(IConfiguration configuration)
        {
            var path = configuration["Chat:Metrics:Path"] ?? "/metrics";
            if (path.Length > 0 && !path.StartsWith('/'))
            {
                throw new Chat.Infrastructure.Hosting.StartupFailure(Chat.Infrastructure.Hosting.ExitCode.Configuration,
                    $"Chat:Metrics:Path must start with '/' (got '{path}'); an empty value turns the scrape endpoint off");
            }

            var otlp = configuration["Chat:Telemetry:OtlpEndpoint"];
            Uri? endpoint = null;
            if (!string.IsNullOrWhiteSpace(otlp) && !Uri.TryCreate(otlp, UriKind.Absolute, out endpoint))
            {
                throw new Chat.Infrastructure.Hosting.StartupFailure(Chat.Infrastructure.Hosting.ExitCode.Configuration,
                    $"Chat:Telemetry:OtlpEndpoint is not an absolute URL (got '{otlp}')");
            }

            return new Options(
                path.Length == 0 ? null : path,
                configuration.GetValue("Chat:Metrics:AllowLoopback", true),
                string.IsNullOrEmpty(configuration["Chat:Metrics:ScrapeToken"]) ? null : configuration["Chat:Metrics:ScrapeToken"],
                endpoint);
        }
    }

    public static IServiceCollection AddChatTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = Options.From(configuration);
        services.AddSingleton(options);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("chat", serviceInstanceId: configuration["Chat:Realtime:NodeName"] ?? Environment.MachineName));

        telemetry.WithMetrics(metrics =>
        {
            metrics.AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddMeter(RealtimeMetrics.MeterName);
            if (options.Path is not null)
            {
                // Every scrape reads current values: a cached answer would hide a change made just before it.
                metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            }

            if (options.OtlpEndpoint is { } endpoint)
            {
                metrics.AddOtlpExporter(otlp => otlp.Endpoint = endpoint);
            }
        });

        if (options.OtlpEndpoint is not { } traceEndpoint)
        {
            // Spans nobody exports are pure cost: EF Core's instrumentation alone took 4 % of a send's CPU (profiled).
            return services;
        }

        telemetry.WithTracing(tracing =>
        {
            tracing.AddAspNetCoreInstrumentation(aspnet =>
            {
                aspnet.Filter = http => options.Path is null || !http.Request.Path.StartsWithSegments(options.Path);
                aspnet.EnrichWithHttpResponse = (activity, response) =>
                {
                    // The route template replaces the raw path and query (invite codes, tickets, search terms).
                    var template = (response.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
                    activity.SetTag("url.path", template is null ? null : "/" + template.TrimStart('/'));
                    activity.SetTag("url.query", null);
                };
            });
            tracing.AddEntityFrameworkCoreInstrumentation();
            tracing.AddOtlpExporter(otlp => otlp.Endpoint = traceEndpoint);
        });
        return services;
    }

    /// <summary>
    /// Maps the scrape endpoint behind its gate: loopback callers (unless <c>Chat:Metrics:AllowLoopback</c> is false) and
    /// requests with <c>Authorization: Bearer &lt;Chat:Metrics:ScrapeToken&gt;</c>; anyone else gets 403 <c>forbidden</c>.
    /// </summary>
    public static WebApplication MapChatMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Options>();
        if (options.Path is null)
        {
            return app;
        }

        app.MapPrometheusScrapingEndpoint(options.Path, meterProvider: null, configureBranchedPipeline: branch =>
            branch.Use((context, next) =>
            {
                if (!MayScrape(context, options))
                {
                    throw new ForbiddenException("Metrics are served to loopback callers and to requests carrying the scrape token.");
                }

                return next(context);
            }), optionsName: null);
        return app;
    }

    internal static bool MayScrape(HttpContext context, Options options)
    {
        if (options.AllowLoopback && context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address))
        {
            return true;
        }

        var header = context.Request.Headers.Authorization.ToString();
        return options.ScrapeToken is { } token && header.StartsWith("Bearer ", StringComparison.Ordinal) &&
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header["Bearer ".Length..]), Encoding.UTF8.GetBytes(token));
    }
}
