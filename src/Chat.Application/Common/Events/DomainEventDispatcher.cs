using System.Collections.Concurrent;
using Chat.Domain.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chat.Application.Common.Events;

/// <summary>
/// Resolves every <see cref="IDomainEventHandler{TEvent}"/> of each event's type and runs them in order.
/// The change is already committed, so a failing handler is logged and neither fails the request nor stops the other handlers.
/// </summary>
internal sealed class DomainEventDispatcher(IServiceProvider services, ILogger<DomainEventDispatcher> logger) : IDomainEventDispatcher
{
    private static readonly ConcurrentDictionary<Type, Func<DomainEventDispatcher, IDomainEvent, CancellationToken, Task>> Invokers = new();

    public async Task DispatchAsync(IReadOnlyList<IDomainEvent> domainEvents, CancellationToken cancellationToken)
    {
        foreach (var domainEvent in domainEvents)
        {
            await Invokers.GetOrAdd(domainEvent.GetType(), CreateInvoker)(this, domainEvent, cancellationToken);
        }
    }

    private static Func<DomainEventDispatcher, IDomainEvent, CancellationToken, Task> CreateInvoker(Type eventType) =>
        typeof(DomainEventDispatcher)
            .GetMethod(nameof(InvokeHandlersAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(eventType)
            .CreateDelegate<Func<DomainEventDispatcher, IDomainEvent, CancellationToken, Task>>();

    private async Task InvokeHandlersAsync<TEvent>(IDomainEvent domainEvent, CancellationToken cancellationToken)
        where TEvent : IDomainEvent
    {
        foreach (var handler in services.GetServices<IDomainEventHandler<TEvent>>())
        {
            try
            {
                await handler.HandleAsync((TEvent)domainEvent, cancellationToken);
            }
            catch (Exception ex) when (ex is Exceptions.ChatApplicationException or Domain.Common.DomainException)
            {
                // What the event is about was deleted right after the commit (a race with a deletion): nobody is left to tell.
                logger.LogDebug("{Handler} skipped {DomainEvent} after commit: {Reason}", handler.GetType().Name, typeof(TEvent).Name, ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "{Handler} failed on {DomainEvent} after commit", handler.GetType().Name, typeof(TEvent).Name);
            }
        }
    }
}
