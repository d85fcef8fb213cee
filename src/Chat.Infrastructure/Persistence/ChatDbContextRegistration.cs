using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Infrastructure.Persistence;

/// <summary>How the server (and the application tests' host) get their <see cref="ChatDbContext"/>.</summary>
public static class ChatDbContextRegistration
{
    /// <summary>
    /// Registers <see cref="ChatDbContext"/> and <see cref="IChatDbContext"/> per scope, leased from a pool of contexts
    /// whose options <paramref name="configure"/> builds once, from the root provider (so what it reads must be a
    /// singleton). A pooled context keeps its EF services between leases; EF resets its tracking and connection on
    /// return. Each lease publishes its domain events through its scope's <see cref="IDomainEventDispatcher"/>.
    /// <c>ConfigureDbContext&lt;ChatDbContext&gt;</c> (tests' interceptors) applies as with <c>AddDbContext</c>.
    /// </summary>
    public static IServiceCollection AddChatDbContext(this IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> configure)
    {
        services.AddPooledDbContextFactory<ChatDbContext>(configure);
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContext()
            .WithEvents(sp.GetService<IDomainEventDispatcher>(), sp.GetService<IEventOrdering>()));
        services.AddScoped<IChatDbContext>(sp => sp.GetRequiredService<ChatDbContext>());
        return services;
    }
}
