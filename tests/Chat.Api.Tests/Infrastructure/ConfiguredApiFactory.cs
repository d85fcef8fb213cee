using System.Collections.Concurrent;
using Chat.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Chat.Api.Tests.Infrastructure;

/// <summary>A <see cref="ChatApiFactory"/> whose services a test adjusts (a clock, an interceptor, a log sink) after the app's own.</summary>
public sealed class ConfiguredApiFactory(TestDatabase database, IDictionary<string, string?>? settings, Action<IServiceCollection> configure)
    : ChatApiFactory(database, settings)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(configure);
    }
}

/// <summary>Every Serilog event the host writes (register it as an <see cref="ILogEventSink"/> service).</summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public IReadOnlyList<LogEvent> AtLeast(LogEventLevel level) => Events.Where(e => e.Level >= level).ToList();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    public static string Describe(IEnumerable<LogEvent> events) =>
        string.Join("\n", events.Select(e => $"[{e.Level}] {e.RenderMessage()} {e.Exception?.GetType().Name}"));
}
