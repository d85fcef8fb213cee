using Serilog.Context;
using Serilog.Core;
using Serilog.Events;
using Serilog.Sinks.File;

namespace Chat.Api.Infrastructure;

/// <summary>
/// Adds <c>ClientAddress</c> (the real client behind a trusted proxy, see <see cref="ReverseProxySetup"/>) and
/// <c>UserId</c> (the bearer token's <c>sub</c>) to every log event written while a request is handled, the request
/// line included. Reads the current request through <see cref="IHttpContextAccessor"/>, so it works wherever the
/// event is written from; a property already set (say, <c>UserId</c> by request logging) is left alone.
/// </summary>
public sealed class ClientAddressLogEnricher(IHttpContextAccessor accessor) : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        var context = accessor.HttpContext;
        if (context is null)
        {
            return;
        }

        if (context.Connection.RemoteIpAddress is { } address)
        {
            var text = address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();
            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("ClientAddress", text));
        }

        if (context.User.FindFirst("sub")?.Value is { } userId)
        {
            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("UserId", userId));
        }
    }
}

/// <summary>
/// Serilog file hooks that make each log file readable by its owner and group only (<c>rw-r-----</c>), whatever the
/// umask: logs hold user ids and client addresses. Named in the File sink's arguments as
/// <c>"hooks": "Chat.Api.Infrastructure.PrivateLogFiles::Instance, Chat.Api"</c> (docs/operations.md "Logs").
/// </summary>
public sealed class PrivateLogFiles : FileLifecycleHooks
{
    public static PrivateLogFiles Instance { get; } = new();

    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    public override Stream OnFileOpened(string path, Stream underlyingStream, System.Text.Encoding encoding)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, Mode);
        }

        return underlyingStream;
    }
}

internal static class OperatorLogging
{
    /// <summary>
    /// The enricher in DI (a Serilog set-up that reads enrichers from services picks it up) and, for the request, on
    /// Serilog's log context (picked up by <c>Enrich.FromLogContext()</c>).
    /// </summary>
    public static IServiceCollection AddOperatorLogging(this IServiceCollection services) =>
        services.AddSingleton<ClientAddressLogEnricher>().AddSingleton<ILogEventEnricher>(sp => sp.GetRequiredService<ClientAddressLogEnricher>());

    /// <summary>Right after the forwarded headers, before request logging, so every line of the request carries the address.</summary>
    public static void UseOperatorLogging(this IApplicationBuilder app)
    {
        var enricher = app.ApplicationServices.GetRequiredService<ClientAddressLogEnricher>();
        app.Use(async (context, next) =>
        {
            using (LogContext.Push(enricher))
            {
                await next(context);
            }
        });
    }
}
