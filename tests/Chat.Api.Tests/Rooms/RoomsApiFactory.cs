using System.Collections.Concurrent;
using Chat.Api.Tests.Infrastructure;
using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Api.Tests.Rooms;

/// <summary>
/// The API with a clock the test moves (invite expiry) and a notifier that records every push (who got which event),
/// so tests can see exactly who a room event reaches.
/// </summary>
public sealed class RoomsApiFactory(TestDatabase database) : ChatApiFactory(database)
{
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public RecordingNotifier Notifier { get; } = new();

    public static async Task<RoomsApiFactory> CreateRoomsAsync(DatabaseProvider provider = DatabaseProvider.Sqlite) => new(await TestDatabase.CreateMigratedAsync(provider));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IRealtimeNotifier>(Notifier);
            ConversationApiFactory.FanOutInline(services);
        });
    }

    /// <summary>Runs <paramref name="work"/> with a DbContext of its own that publishes no events (to seed or inspect rows directly).</summary>
    public async Task<T> WithDbAsync<T>(Func<ChatDbContext, Task<T>> work)
    {
        _ = Services; // Starts the host, which migrates the database.
        await using var db = Database.CreateContext();
        return await work(db);
    }
}

/// <summary>A clock that stands still until the test moves it.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
