using System.Diagnostics.CodeAnalysis;
using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Internal;
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
    /// At most <see cref="PoolSize"/> contexts wait in the pool; one leased past that is disposed on return. A scope made
    /// by <see cref="IWriterScopes"/> leases from a second pool of one with the same options, so the send writer's
    /// batches all run on one connection.
    /// </summary>
    public static IServiceCollection AddChatDbContext(this IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> configure)
    {
        services.AddPooledDbContextFactory<ChatDbContext>(configure, PoolSize);
        services.AddSingleton(sp => new WriterContextPool(sp.GetRequiredService<DbContextOptions<ChatDbContext>>(), sp));
        services.AddScoped<WriterScopes.Mark>();
        services.AddSingleton<IWriterScopes, WriterScopes>();
        services.AddScoped(sp => new ScopedLease((sp.GetRequiredService<WriterScopes.Mark>().IsWriter
                ? sp.GetRequiredService<WriterContextPool>().Factory
                : sp.GetRequiredService<IDbContextFactory<ChatDbContext>>()).CreateDbContext()
            .WithEvents(sp.GetService<IDomainEventDispatcher>(), sp.GetService<IEventOrdering>())));
        services.AddScoped(sp => sp.GetRequiredService<ScopedLease>().Context);
        services.AddScoped<IChatDbContext>(sp => sp.GetRequiredService<ScopedLease>().Context);
        return services;
    }

    /// <summary>
    /// <see cref="IWriterScopes"/>: a scope marked before anything in it resolves its context, which then comes from the
    /// writer's pool of one (same options, interceptors included) instead of the shared pool.
    /// </summary>
    /// <remarks>
    /// Takes the pool so that the container makes it before the writer that takes this, and so disposes it after the
    /// writer, which stores what is still queued when it is disposed.
    /// </remarks>
    internal sealed class WriterScopes(IServiceScopeFactory scopes, WriterContextPool pool) : IWriterScopes
    {
        public AsyncServiceScope CreateScope()
        {
            ObjectDisposedException.ThrowIf(pool.Disposed, pool);
            var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<Mark>().IsWriter = true;
            return scope;
        }

        /// <summary>Whether this scope is a writer's (set once, right after the scope is made).</summary>
        internal sealed class Mark
        {
            public bool IsWriter { get; set; }
        }
    }

    /// <summary>
    /// The send writer's pool of one context, with the shared pool's options. EF Core's
    /// <c>PooledDbContextFactory(options, poolSize)</c> makes a pool nobody disposes, which would leave the kept
    /// context's SQLite connection open past the host; this one is a singleton of the container, which disposes it
    /// (and with it the context and its connection) at shutdown.
    /// </summary>
    [SuppressMessage("Usage", "EF1001:Internal EF Core API usage.", Justification = "DbContextPool is what EF's public PooledDbContextFactory(IDbContextPool) takes; owning it is the only way to dispose it.")]
    internal sealed class WriterContextPool : IDisposable, IAsyncDisposable
    {
        private readonly DbContextPool<ChatDbContext> _pool;

        public WriterContextPool(DbContextOptions<ChatDbContext> options, IServiceProvider services)
        {
            var core = (options.FindExtension<CoreOptionsExtension>() ?? new CoreOptionsExtension()).WithMaxPoolSize(1);
            _pool = new DbContextPool<ChatDbContext>((DbContextOptions<ChatDbContext>)options.WithExtension(core), services);
            Factory = new PooledDbContextFactory<ChatDbContext>(_pool);
        }

        public IDbContextFactory<ChatDbContext> Factory { get; }

        public bool Disposed { get; private set; }

        public void Dispose()
        {
            Disposed = true;
            _pool.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return _pool.DisposeAsync();
        }
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
