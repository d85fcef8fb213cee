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
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration, options)
            .Enrich.FromLogContext()
            .CreateLogger();
        builder.Logging.ClearProviders().AddSerilog(logger, dispose: true);
    }
}
