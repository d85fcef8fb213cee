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
        new(await TestDatabase.CreateAsync(DatabaseProvider.Sqlite), settings);

    public static new async Task<ConversationApiFactory> CreateAsync(DatabaseProvider provider, IDictionary<string, string?>? settings = null) =>
        new(await TestDatabase.CreateAsync(provider), settings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IRealtimeNotifier>(Notifier);
            services.ConfigureDbContext<ChatDbContext>(options => options.AddInterceptors(Sql));
        });
    }
}
