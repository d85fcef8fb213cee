using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Infrastructure.Persistence;

/// <summary>How the server (and the application tests' host) get their <see cref="ChatDbContext"/>.</summary>
public static class ChatDbContextRegistration
{
    /// <summary>
    /// Contexts kept for reuse (EF's default is 1,024). On SQLite each keeps its native connection open with its
    /// prepared statements (<see cref="KeptOpenSqliteConnection"/>: up to three file descriptors and SQLite's page
    /// cache each), so the pool bounds what a burst of concurrent requests leaves open after it; 128 is far above what
    /// a node runs at once on its cores.
    /// </summary>
    public const int PoolSize = 128;

    /// <summary>
    /// Registers <see cref="ChatDbContext"/> and <see cref="IChatDbContext"/> per scope, leased from a pool of contexts
    /// whose options <paramref name="configure"/> builds once, from the root provider (so what it reads must be a
    /// singleton). A pooled context keeps its EF services between leases; EF resets its tracking and connection on
    /// return. Each lease publishes its domain events through its scope's <see cref="IDomainEventDispatcher"/>.
    /// <c>ConfigureDbContext&lt;ChatDbContext&gt;</c> (tests' interceptors) applies as with <c>AddDbContext</c>.
    /// At most <see cref="PoolSize"/> contexts wait in the pool; one leased past that is disposed on return.
    /// </summary>
    public static IServiceCollection AddChatDbContext(this IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> configure)
    {
        services.AddPooledDbContextFactory<ChatDbContext>(configure, PoolSize);
        services.AddScoped(sp => new ScopedLease(sp.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContext()
            .WithEvents(sp.GetService<IDomainEventDispatcher>(), sp.GetService<IEventOrdering>())));
        services.AddScoped(sp => sp.GetRequiredService<ScopedLease>().Context);
        services.AddScoped<IChatDbContext>(sp => sp.GetRequiredService<ScopedLease>().Context);
        return services;
    }

    /// <summary>
    /// The scope's lease on a pooled context: the one object whose disposal returns it to the pool, once. The context's
    /// own Dispose, which the container calls for each registration that handed it out, does nothing while leased.
    /// </summary>
    internal sealed class ScopedLease : IAsyncDisposable, IDisposable
    {
        public ScopedLease(ChatDbContext context)
        {
            context.LeasedToScope = true;
            Context = context;
        }

        public ChatDbContext Context { get; }

        public ValueTask DisposeAsync() => Context.ReturnAsync();

        public void Dispose() => Context.Return();
    }
}
