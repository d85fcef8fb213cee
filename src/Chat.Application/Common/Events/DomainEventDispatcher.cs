using System.Collections.Concurrent;
using Chat.Domain.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chat.Application.Common.Events;

/// <summary>
/// Resolves every <see cref="IDomainEventHandler{TEvent}"/> of each event's type and runs them in order.
/// The change is already committed, so a failing handler is logged and does not fail the request.
/// </summary>
internal sealed class DomainEventDispatcher(IServiceProvider services, ILogger<DomainEventDispatcher> logger) : IDomainEventDispatcher
{
    private static readonly ConcurrentDictionary<Type, Func<IServiceProvider, IDomainEvent, CancellationToken, Task>> Invokers = new();

    public async Task DispatchAsync(IReadOnlyList<IDomainEvent> domainEvents, CancellationToken cancellationToken)
    {
        foreach (var domainEvent in domainEvents)
        {
            try
            {
                await Invokers.GetOrAdd(domainEvent.GetType(), CreateInvoker)(services, domainEvent, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Handling {DomainEvent} failed after commit", domainEvent.GetType().Name);
            }
        }
    }

    private static Func<IServiceProvider, IDomainEvent, CancellationToken, Task> CreateInvoker(Type eventType) =>
        (Func<IServiceProvider, IDomainEvent, CancellationToken, Task>)typeof(DomainEventDispatcher)
            .GetMethod(nameof(InvokeHandlers), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(eventType)
            .CreateDelegate(typeof(Func<IServiceProvider, IDomainEvent, CancellationToken, Task>));

    private static async Task InvokeHandlers<TEvent>(IServiceProvider services, IDomainEvent domainEvent, CancellationToken cancellationToken)
        where TEvent : IDomainEvent
    {
        foreach (var handler in services.GetServices<IDomainEventHandler<TEvent>>())
        {
            await handler.HandleAsync((TEvent)domainEvent, cancellationToken);
        }
    }
}
