using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Rooms.Events;
using Chat.Domain.Rooms.Events;

namespace Chat.Application.Features.Rooms.Events;

/// <summary>Tells everyone who was a member that the room is gone.</summary>
internal sealed class RoomDeletedHandler(IRealtimeNotifier notifier) : IDomainEventHandler<RoomDeleted>
{
    public Task HandleAsync(RoomDeleted domainEvent, CancellationToken cancellationToken) =>
        notifier.NotifyUsersAsync(domainEvent.MemberIds, new RoomDeletedEvent(domainEvent.RoomId), cancellationToken: cancellationToken);
}
