using System.Net;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chat.Browser.Tests.Infrastructure;

/// <summary>
/// The real server (the whole Chat.Api app, Kestrel and all) on a free loopback port over a throwaway SQLite file, serving
/// the committed <c>src/Chat.Api/wwwroot</c>. Rate limits are off and password hashing is cheap so a test signs up quickly.
/// Pass <c>settings</c> to change any configuration key (for example <c>Chat:Realtime:AllowedOrigins</c>).
/// </summary>
public sealed class ChatServer : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly Dictionary<string, string?> _settings;

    private ChatServer(TestDatabase database, IDictionary<string, string?>? settings)
    {
        _database = database;
        _settings = TestServerSettings.For(database, database.Directory!, "browser-test-signing-key-that-is-long-enough-for-hs256-0123", settings);
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The port of <see cref="BaseUrl"/>.</summary>
    public int Port => new Uri(BaseUrl).Port;

    /// <summary>Starts a server on a fresh SQLite file and a free loopback port.</summary>
    public static async Task<ChatServer> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var server = new ChatServer(await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite), settings);
        server.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        server.StartServer();
        var addresses = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        server.BaseUrl = addresses.Addresses.Single().TrimEnd('/');
        return server;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}
