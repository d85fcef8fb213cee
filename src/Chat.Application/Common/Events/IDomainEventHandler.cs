using Chat.Domain.Common;

namespace Chat.Application.Common.Events;

/// <summary>Reacts to a domain event after the change that recorded it has been committed (for example, pushes it to sockets).</summary>
public interface IDomainEventHandler<in TEvent>
    where TEvent : IDomainEvent
{
    Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken);
}
