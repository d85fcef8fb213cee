using Serilog;
using Serilog.Settings.Configuration;

namespace Chat.Api.Infrastructure;

/// <summary>Serilog from the <c>Serilog</c> configuration section (console by default; a file sink is optional).</summary>
internal static class LoggingSetup
{
    public static void AddChatLogging(this WebApplicationBuilder builder)
    {
        var options = new ConfigurationReaderOptions(
            typeof(ConsoleLoggerConfigurationExtensions).Assembly,
            typeof(FileLoggerConfigurationExtensions).Assembly);
        var configuration = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration, options)
            .Enrich.FromLogContext();

        // With no sink configured (for example, started outside its folder, without appsettings.json), still log to the console.
        if (!builder.Configuration.GetSection("Serilog:WriteTo").Exists())
        {
            configuration.MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.Hosting.Lifetime", Serilog.Events.LogEventLevel.Information)
                .WriteTo.Console();
        }

        // One key to raise the floor without editing the Serilog section (tests use Warning to keep their output short).
        if (Enum.TryParse<Serilog.Events.LogEventLevel>(builder.Configuration["Chat:Logging:MinimumLevel"], ignoreCase: true, out var floor))
        {
            configuration.MinimumLevel.Is(floor);
        }

        var logger = configuration.CreateLogger();
        builder.Logging.ClearProviders().AddSerilog(logger, dispose: true);
    }
}
