using Chat.Infrastructure;
using Chat.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Chat.Api.Infrastructure;

/// <summary>The first lines an operator reads: where the data lives, which database, and the URLs to open.</summary>
internal static class StartupReport
{
    public static void LogWhereThingsAre(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Chat");
        var database = app.Services.GetRequiredService<DatabaseConnection>();
        logger.LogInformation("Data directory {DataDirectory}; database {Database}",
            ChatPaths.DataDirectory(app.Configuration), DatabaseSetup.Describe(database.Provider, database.ConnectionString));

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                var root = address.Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost").Replace("://+", "://localhost").TrimEnd('/');
                var hasWebPage = app.Environment.WebRootFileProvider.GetFileInfo("index.html").Exists;
                logger.LogInformation(
                    "Listening on {Address}: Swagger UI {Root}/swagger, web page {WebPage}",
                    address, root, hasWebPage ? root + "/" : "none (no wwwroot/index.html)");
            }
        });
    }
}
