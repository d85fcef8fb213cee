using Chat.Application.Features.Retention;
using Chat.Infrastructure.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Infrastructure.Retention;

internal static class RetentionSetup
{
    /// <summary><c>Chat:Retention</c>; a negative or malformed number stops start-up with exit code 10.</summary>
    public static void AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        var options = StartupOptions.Bind<RetentionOptions>(configuration, RetentionOptions.Section);
        if (options.MessageDays < 0 || options.BatchSize < 1 || options.IntervalSeconds < 1 || options.BatchPauseMilliseconds < 0)
        {
            throw new StartupFailure(ExitCode.Configuration, $"{RetentionOptions.Section}: MessageDays must be 0 or more, BatchSize and IntervalSeconds 1 or more, BatchPauseMilliseconds 0 or more");
        }

        services.AddSingleton(options);
        services.AddScoped<MessageRetention>();
        services.AddHostedService<MessageRetentionService>();
    }
}
