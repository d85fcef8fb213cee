using Chat.Infrastructure.Persistence;
using Chat.Infrastructure.Realtime;
using Chat.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chat.Api.Tests.Infrastructure;

/// <summary>
/// The whole API in memory over a real database (a SQLite file by default, or a fresh PostgreSQL database).
/// Rate limits are off unless a test sets them; password hashing is cheap so tests stay fast.
/// </summary>
public class ChatApiFactory : WebApplicationFactory<Program>
{
    public const string SigningKey = "test-signing-key-that-is-long-enough-for-hs256-0123456789";

    private readonly Dictionary<string, string?> _settings;

    public ChatApiFactory(TestDatabase database, IDictionary<string, string?>? settings = null)
    {
        Database = database;
        DataDirectory = database.Directory ?? Path.Combine(Path.GetTempPath(), "chat-tests", Guid.NewGuid().ToString("N"));
        _settings = TestServerSettings.For(database, DataDirectory, SigningKey, settings);
    }

    public TestDatabase Database { get; }

    public string DataDirectory { get; }

    /// <summary>A factory on a fresh SQLite file, migrated already (a copy of the run's template, so the host finds nothing to apply).</summary>
    public static async Task<ChatApiFactory> CreateAsync(IDictionary<string, string?>? settings = null) =>
        new(await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite), settings);

    public static async Task<ChatApiFactory> CreateAsync(DatabaseProvider provider, IDictionary<string, string?>? settings = null) =>
        new(await TestDatabase.CreateMigratedAsync(provider), settings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // UseSetting reaches the configuration before Program's own code runs; ConfigureAppConfiguration would come too late for it.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressStartupFilter>());

        // Every query the API runs in a test is checked: none may order primarily by a Guid (SQL Server sorts those by
        // their last bytes), and none may limit rows without an order.
        builder.ConfigureTestServices(services => services.ConfigureDbContext<ChatDbContext>(options => TestDatabase.AddQueryChecks(options)));
    }

    /// <summary>
    /// Waits (up to 10 s) until the node's fan-out has handed every accepted push to the sockets' queues. Fan-out runs
    /// off the sender's path, so a socket opened right after a send was answered could otherwise still receive it.
    /// </summary>
    public async Task FanOutSettledAsync()
    {
        var fanOut = Services.GetRequiredService<FanOutQueue>();
        for (var waited = 0; fanOut.Backlog > 0 && waited < 10_000; waited += 5)
        {
            await Task.Delay(5);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
