using System.Collections.Concurrent;
using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Conversations;
using Chat.Domain.Common;
using Chat.Infrastructure.Identity;
using Chat.Infrastructure.Persistence;
using Chat.Infrastructure.Realtime;
using Chat.TestSupport;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Chat.Application.Tests.Support;

/// <summary>
/// The application layer (MediatR pipeline, validators, handlers, domain-event handlers) over a real SQLite file copied
/// from the run's migrated template, with NSubstitute for the ports that leave the process (<see cref="Notifier"/>,
/// <see cref="RateLimiter"/>, tickets, tokens, passwords, presence) and a <see cref="FakeTimeProvider"/> as the clock.
/// Tests may replace any registration through the configure callback (last registration wins).
/// </summary>
public sealed class ApplicationTestHost : IAsyncDisposable
{
    /// <summary>Where <see cref="Clock"/> starts: a fixed instant, so stored times are exact.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _provider;
    private readonly ConcurrentQueue<IDomainEvent> _events = new();

    private ApplicationTestHost(TestDatabase database, ServiceProvider provider, ICurrentUser caller, ConcurrentQueue<IDomainEvent> events)
    {
        Database = database;
        _provider = provider;
        Caller = caller;
        _events = events;
        Given = new Seed(this);
    }

    public TestDatabase Database { get; }

    /// <summary>The substitute that handlers see as the caller (authenticated; set it with <see cref="As"/>).</summary>
    public ICurrentUser Caller { get; }

    /// <summary>Builders that put users, friendships, conversations, rooms and messages in the database through the domain.</summary>
    public Seed Given { get; }

    public FakeTimeProvider Clock => (FakeTimeProvider)Service<TimeProvider>();

    /// <summary>Now by <see cref="Clock"/>, as handlers store it (UTC <see cref="DateTime"/>).</summary>
    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    public IRealtimeNotifier Notifier => Service<IRealtimeNotifier>();

    /// <summary>Grants every permit unless a test says otherwise (<c>TryAcquire</c> returns null).</summary>
    public IRequestRateLimiter RateLimiter => Service<IRequestRateLimiter>();

    /// <summary>The domain events dispatched after commits so far (seeding through <see cref="Given"/> dispatches none).</summary>
    public IReadOnlyList<IDomainEvent> Events => _events.ToArray();

    public static async Task<ApplicationTestHost> CreateAsync(Action<IServiceCollection>? configure = null, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var database = await TestDatabase.CreateMigratedAsync(provider);
        var caller = Substitute.For<ICurrentUser>();
        caller.IsAuthenticated.Returns(true);
        var events = new ConcurrentQueue<IDomainEvent>();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddApplication();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Start));
        services.AddChatDbContext((_, o) => database.Configure(o));
        services.AddScoped<DomainEventDispatcher>();
        services.AddScoped<IDomainEventDispatcher>(sp => new RecordingDispatcher(sp.GetRequiredService<DomainEventDispatcher>(), events));
        services.AddSingleton(caller);
        services.AddSingleton(new DirectMessageOptions());
        services.AddSingleton(Substitute.For<IRealtimeNotifier>());
        services.AddSingleton(Substitute.For<IPresenceTracker>());
        services.AddSingleton(Substitute.For<IRequestRateLimiter>());
        services.AddSingleton(Substitute.For<ILoginThrottle>());
        services.AddSingleton(Substitute.For<IRealtimeStatistics>());
        services.AddSingleton(Substitute.For<IRealtimeTickets>());
        services.AddSingleton(Substitute.For<ITokenService>());
        services.AddSingleton(Substitute.For<IPasswordHasher>());
        services.AddSingleton(Substitute.For<IReservedUsernames>());
        services.AddSingleton(new JwtOptions());
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<SessionStates>();
        services.AddScoped<ISessionTerminator, SessionTerminator>();
        services.AddSingleton<IPublicLinks>(new ChatOriginsForTests());
        services.AddSingleton<IExportFileStore>(_ => new Chat.Infrastructure.Files.ExportFileStore(database.Directory ?? Path.Combine(Path.GetTempPath(), "chat-tests", Guid.NewGuid().ToString("N"))));
        services.AddSingleton(Substitute.For<IAccountExportQueue>());
        // Encryption at rest off, as by default (its handlers' behaviour with it on is tested through the API: tests/Chat.Api.Tests/Encryption).
        services.AddSingleton<IContentProtection>(new Chat.Infrastructure.Encryption.PlainContent());
        services.AddSingleton<IAttachmentProtection>(new Chat.Infrastructure.Encryption.PlainAttachments());
        services.AddSingleton(Substitute.For<ISealingProgress>());
        configure?.Invoke(services);

        return new ApplicationTestHost(database, services.BuildServiceProvider(validateScopes: true), caller, events);
    }

    public T Service<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Makes <paramref name="userId"/> the caller of the next requests (optionally an admin, or over a socket session).</summary>
    public ApplicationTestHost As(Guid userId, bool isAdmin = false, Guid? socketSessionId = null)
    {
        Caller.UserId.Returns(userId);
        Caller.IsAdmin.Returns(isAdmin);
        Caller.SocketSessionId.Returns(socketSessionId);
        return this;
    }

    /// <summary>Sends a request through the whole MediatR pipeline (logging, rate limit, validation, conversation access) in its own scope, as one HTTP request or socket command would.</summary>
    public async Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request)
    {
        await using var scope = _provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    /// <summary>Runs the request's handler alone (no behaviours: no validation, no access check, no rate limit) in its own scope.</summary>
    public async Task<TResponse> HandleAsync<TRequest, TResponse>(TRequest request)
        where TRequest : IRequest<TResponse>
    {
        await using var scope = _provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IRequestHandler<TRequest, TResponse>>().Handle(request, CancellationToken.None);
    }

    /// <summary>Runs a domain-event handler's reaction to <paramref name="domainEvent"/> through the dispatcher, as after a commit.</summary>
    public async Task PublishAsync(IDomainEvent domainEvent)
    {
        await using var scope = _provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DomainEventDispatcher>().DispatchAsync([domainEvent], CancellationToken.None);
    }

    /// <summary>Runs <paramref name="work"/> with a fresh DbContext of the application's scope (to seed or inspect rows).</summary>
    public async Task<T> WithDbAsync<T>(Func<ChatDbContext, Task<T>> work)
    {
        await using var scope = _provider.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ChatDbContext>());
    }

    /// <summary>Every row of <typeparamref name="T"/> as stored now (untracked), read with a fresh context.</summary>
    public Task<List<T>> RowsAsync<T>()
        where T : class => WithDbAsync(db => db.Set<T>().AsNoTracking().ToListAsync());

    /// <summary>The payloads of type <typeparamref name="T"/> handed to <see cref="Notifier"/>, in order (who received them is left to the notifier's own tests).</summary>
    public IReadOnlyList<T> Published<T>() =>
        Notifier.ReceivedCalls()
            .Where(c => c.GetMethodInfo().Name == nameof(IRealtimeNotifier.NotifyUsersAsync))
            .Select(c => c.GetArguments()[1])
            .OfType<T>()
            .ToList();

    /// <summary>The domain events of type <typeparamref name="T"/> dispatched so far.</summary>
    public IReadOnlyList<T> Raised<T>()
        where T : IDomainEvent => Events.OfType<T>().ToList();

    /// <summary>Forgets the notifier calls and domain events so far (after the arrange part of a test).</summary>
    public void ClearObservations()
    {
        Notifier.ClearReceivedCalls();
        _events.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Records each committed event, then hands it to the real dispatcher (so the event handlers run).</summary>
    private sealed class RecordingDispatcher(DomainEventDispatcher inner, ConcurrentQueue<IDomainEvent> events) : IDomainEventDispatcher
    {
        public Task DispatchAsync(IReadOnlyList<IDomainEvent> domainEvents, CancellationToken cancellationToken)
        {
            foreach (var domainEvent in domainEvents)
            {
                events.Enqueue(domainEvent);
            }

            return inner.DispatchAsync(domainEvents, cancellationToken);
        }
    }
}

/// <summary>Links as the server makes them without <c>Chat:PublicUrl</c>: site-relative.</summary>
internal sealed class ChatOriginsForTests : IPublicLinks
{
    public string Link(string path) => path;
}
