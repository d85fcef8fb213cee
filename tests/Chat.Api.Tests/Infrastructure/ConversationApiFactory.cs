using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Api.Tests.Infrastructure;

/// <summary>
/// The API for conversation tests: real-time events are recorded by <see cref="Notifier"/>, and <see cref="Sql"/> records
/// SQL commands on demand (to count them or explain their plans).
/// </summary>
public sealed class ConversationApiFactory(TestDatabase database, IDictionary<string, string?>? settings = null) : ChatApiFactory(database, settings)
{
    public RecordingNotifier Notifier { get; } = new();

    public SqlCommandCounter Sql { get; } = new();

    public static new async Task<ConversationApiFactory> CreateAsync(IDictionary<string, string?>? settings = null) =>
        new(await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite), settings);

    public static new async Task<ConversationApiFactory> CreateAsync(DatabaseProvider provider, IDictionary<string, string?>? settings = null) =>
        new(await TestDatabase.CreateMigratedAsync(provider), settings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IRealtimeNotifier>(Notifier);
            FanOutInline(services);
            services.ConfigureDbContext<ChatDbContext>(options => options.AddInterceptors(Sql, Sql.Connections));
        });
    }

    /// <summary>
    /// Pushes run inline through the recording notifier (the application's own fan-out without the node's queue), so a
    /// test sees a push as soon as its request is answered. The queue itself is tested in FanOutTests.
    /// </summary>
    internal static void FanOutInline(IServiceCollection services)
    {
        foreach (var queued in services.Where(d => d.ServiceType == typeof(IConversationFanOut) && d.ImplementationType is null).ToList())
        {
            services.Remove(queued);
        }
    }
}
