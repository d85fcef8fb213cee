using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Rooms.Notifications;
using Chat.Domain.Rooms.Events;

namespace Chat.Application.Features.Rooms.EventHandlers;

/// <summary>Tells everyone who was a member that the room is gone.</summary>
internal sealed class RoomDeletedEventHandler(IRealtimeNotifier notifier) : IDomainEventHandler<RoomDeleted>
{
    public Task HandleAsync(RoomDeleted domainEvent, CancellationToken cancellationToken) =>
        notifier.NotifyUsersAsync(domainEvent.MemberIds, new RoomDeletedNotification(domainEvent.RoomId), cancellationToken: cancellationToken);
}
