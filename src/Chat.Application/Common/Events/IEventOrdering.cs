namespace Chat.Application.Common.Events;

/// <summary>
/// Keeps each stream's live events in commit order. A unit of work reserves the position of every
/// <see cref="Domain.Common.IOrderedDomainEvent"/> before it commits and disposes the reservation once the events
/// have been handed to their handlers (or the work rolled back). A later change commits after an earlier one in the
/// same stream, so it reserves after it, and its events are held until the earlier change's events have gone out.
/// </summary>
public interface IEventOrdering
{
    IDisposable Reserve(Guid streamId, long position);
}
