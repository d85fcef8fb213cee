using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Users;
using Chat.Infrastructure.Files;
using Chat.Infrastructure.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Infrastructure.Exports;

internal static class ExportSetup
{
    /// <summary><c>Chat:Exports</c> (docs/operations.md "Exports"); a malformed or out-of-range value stops start-up with exit code 10.</summary>
    public static void AddExports(this IServiceCollection services, IConfiguration configuration)
    {
        var options = StartupOptions.Bind<AccountExportOptions>(configuration, AccountExportOptions.Section);
        if (options.DirectMaxMessages < 0 || options.LinkLifetime <= TimeSpan.Zero || options.Lease < TimeSpan.FromSeconds(3) || options.MaxAttempts < 1
            || options.PollInterval <= TimeSpan.Zero || options.KeepFinished < TimeSpan.Zero || options.CleanupBatchSize < 1)
        {
            throw new StartupFailure(
                ExitCode.Configuration,
                $"{AccountExportOptions.Section}: DirectMaxMessages must be 0 or more, LinkLifetime and PollInterval positive, Lease at least 3 seconds, MaxAttempts and CleanupBatchSize 1 or more, KeepFinished not negative");
        }

        services.AddSingleton(options);
        services.AddSingleton<IExportFileStore>(sp => new ExportFileStore(ChatPaths.DataDirectory(sp.GetRequiredService<IConfiguration>())));
        services.AddSingleton<AccountExportWorker>();
        services.AddSingleton<IAccountExportQueue>(sp => sp.GetRequiredService<AccountExportWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<AccountExportWorker>());
    }
}
