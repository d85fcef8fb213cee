using Chat.Domain.Common;

namespace Chat.Application.Common.Events;

/// <summary>Hands committed domain events to their handlers.</summary>
public interface IDomainEventDispatcher
{
    Task DispatchAsync(IReadOnlyList<IDomainEvent> domainEvents, CancellationToken cancellationToken);
}
