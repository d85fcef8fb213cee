using System.Diagnostics;
using Serilog;
using Serilog.Events;
using Serilog.Settings.Configuration;

namespace Chat.Api.Infrastructure;

/// <summary>
/// Serilog from the <c>Serilog</c> configuration section (console by default; a file sink is optional), and one
/// request log line per HTTP request through Serilog.AspNetCore.
/// </summary>
internal static class LoggingSetup
{
    /// <summary>The request log line. <c>Route</c> is the endpoint's route template, never the raw path.</summary>
    public const string RequestMessageTemplate = "HTTP {RequestMethod} {Route} responded {StatusCode} in {Elapsed:0.0} ms";

    /// <summary>What <c>Route</c> holds when no endpoint matched (a 404 or a request answered by middleware).</summary>
    public const string UnmatchedRoute = "(unmatched)";

    public static void AddChatLogging(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSerilog(
            (services, logger) =>
            {
                var options = new ConfigurationReaderOptions(
                    typeof(ConsoleLoggerConfigurationExtensions).Assembly,
                    typeof(FileLoggerConfigurationExtensions).Assembly);
                logger.ReadFrom.Configuration(configuration, options)
                    .ReadFrom.Services(services) // sinks and enrichers registered in DI (tests capture events this way)
                    .Enrich.FromLogContext()
                    // ASP.NET Core's request scope adds RequestPath (the raw path: invite codes, ids) to every event.
                    .Enrich.With<RawPathRemover>()
                    // ASP.NET Core's own per-request lines carry the raw path and query (invite codes, ?token=):
                    // the request line below replaces them.
                    .MinimumLevel.Override("Microsoft.AspNetCore.Hosting.Diagnostics", LogEventLevel.Warning)
                    // The health-check service logs every unhealthy probe at Error (a load balancer probes every few
                    // seconds); the database check logs each change of readiness itself (DatabaseReadinessCheck).
                    .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Fatal)
                    // A port in use ends the process with one line of its own (Program, exit code 14); the host's
                    // "failed to start" event with its stack trace would only repeat it.
                    .Filter.ByExcluding(e => e.Exception is IOException { InnerException: Microsoft.AspNetCore.Connections.AddressInUseException });

                // With no sink configured (for example, started outside its folder, without appsettings.json), still log to the console.
                if (!configuration.GetSection("Serilog:WriteTo").Exists())
                {
                    logger.MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                        .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
                        .WriteTo.Console();
                }

                // One key to raise the floor without editing the Serilog section (tests use Warning to keep their output short).
                if (Enum.TryParse<LogEventLevel>(configuration["Chat:Logging:MinimumLevel"], ignoreCase: true, out var floor))
                {
                    logger.MinimumLevel.Is(floor);
                }
            },
            // Several hosts share one process in the tests; none of them should replace the others' static Log.Logger.
            preserveStaticLogger: true);
    }

    /// <summary>
    /// One line per request: method, route template, status, elapsed milliseconds, and as properties the user id and
    /// trace id. Never the raw path or query string (invite codes, <c>?token=</c>, <c>?ticket=</c>), headers or bodies.
    /// </summary>
    public static IApplicationBuilder UseChatRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = RequestMessageTemplate;
            // A 500 is a bug (Error); a 503 is the database being away or full, logged once per interval by FailureLog:
            // its request lines are Warning, so an outage does not fill the log with Errors. Everything else is Information.
            options.GetLevel = (context, _, exception) => exception is not null || context.Response.StatusCode == StatusCodes.Status500InternalServerError
                ? LogEventLevel.Error
                : context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable ? LogEventLevel.Warning : LogEventLevel.Information;
            // The default adds RequestPath (the raw path, and with IncludeQueryInRequestPath the query): replaced by Route.
            options.GetMessageTemplateProperties = (context, _, elapsed, status) =>
            [
                new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
                new LogEventProperty("Route", new ScalarValue(RouteOf(context))),
                new LogEventProperty("StatusCode", new ScalarValue(status)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
            ];
            options.EnrichDiagnosticContext = (diagnostics, context) =>
            {
                diagnostics.Set("UserId", context.User.FindFirst("sub")?.Value);
                diagnostics.Set("TraceId", Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier);
            };
        });

        // Routing has run by now (WebApplication routes first); the exception handler clears the endpoint of a failed
        // request before the request line is written, so its route template is kept here.
        return app.Use((context, next) =>
        {
            if (context.GetEndpoint() is RouteEndpoint endpoint)
            {
                context.Items[RouteKey] = endpoint.RoutePattern.RawText;
            }

            return next(context);
        });
    }

    private static readonly object RouteKey = new();

    /// <summary>The route template of the request (kept even after the exception handler cleared the endpoint), or <see cref="UnmatchedRoute"/>.</summary>
    public static string RouteOf(HttpContext context) =>
        context.Items[RouteKey] as string ?? (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? UnmatchedRoute;

    private sealed class RawPathRemover : Serilog.Core.ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, Serilog.Core.ILogEventPropertyFactory propertyFactory) =>
            logEvent.RemovePropertyIfPresent("RequestPath");
    }
}
