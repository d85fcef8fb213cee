using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.Identity;
using Chat.Infrastructure.Persistence;
using Chat.Infrastructure.Realtime;
using Chat.TestSupport;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Chat.Application.Tests.Support;

/// <summary>
/// The application layer (MediatR pipeline, validators, handlers) over a real SQLite file, with NSubstitute for the
/// other ports. Tests may replace any port through the configure callback (last registration wins).
/// </summary>
public sealed class ApplicationTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private ApplicationTestHost(TestDatabase database, ServiceProvider provider, ICurrentUser caller)
    {
        Database = database;
        _provider = provider;
        Caller = caller;
    }

    public TestDatabase Database { get; }

    /// <summary>The substitute that handlers see as the caller (authenticated; set <c>UserId</c> per test).</summary>
    public ICurrentUser Caller { get; }

    public static async Task<ApplicationTestHost> CreateAsync(Action<IServiceCollection>? configure = null, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var caller = Substitute.For<ICurrentUser>();
        caller.IsAuthenticated.Returns(true);

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddApplication();
        services.AddSingleton(TimeProvider.System);
        services.AddDbContext<ChatDbContext>(o => DatabaseSetup.Configure(o, database.Provider, database.ConnectionString));
        services.AddScoped<IChatDbContext>(sp => sp.GetRequiredService<ChatDbContext>());
        services.AddSingleton(caller);
        services.AddSingleton(Substitute.For<IRealtimeNotifier>());
        services.AddSingleton(Substitute.For<IPresenceTracker>());
        services.AddSingleton(Substitute.For<IRequestRateLimiter>());
        services.AddSingleton(Substitute.For<ILoginThrottle>());
        services.AddSingleton(Substitute.For<IFriendshipQueries>());
        services.AddSingleton(Substitute.For<IRealtimeStatistics>());
        services.AddSingleton(new JwtOptions());
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<SessionStates>();
        services.AddScoped<ISessionTerminator, SessionTerminator>();
        services.AddSingleton<IPublicLinks>(new ChatOriginsForTests());
        configure?.Invoke(services);

        var host = new ApplicationTestHost(database, services.BuildServiceProvider(validateScopes: true), caller);
        await host.WithDbAsync(async db =>
        {
            await DatabaseSetup.MigrateAsync(db);
            return true;
        });
        return host;
    }

    public T Service<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Sends a request in its own scope, as one HTTP request or socket command would.</summary>
    public async Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request)
    {
        await using var scope = _provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    /// <summary>Runs <paramref name="work"/> with a fresh DbContext (to seed or inspect rows).</summary>
    public async Task<T> WithDbAsync<T>(Func<ChatDbContext, Task<T>> work)
    {
        await using var scope = _provider.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ChatDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>Links as the server makes them without <c>Chat:PublicUrl</c>: site-relative.</summary>
internal sealed class ChatOriginsForTests : IPublicLinks
{
    public string Link(string path) => path;
}
