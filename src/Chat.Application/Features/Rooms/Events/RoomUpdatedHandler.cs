using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Rooms.Events;
using Chat.Domain.Rooms.Events;

namespace Chat.Application.Features.Rooms.Events;

/// <summary>Tells every member the room's new details.</summary>
internal sealed class RoomUpdatedHandler(RoomReader reader, IRealtimeNotifier notifier) : IDomainEventHandler<RoomUpdated>
{
    public async Task HandleAsync(RoomUpdated domainEvent, CancellationToken cancellationToken)
    {
        var room = await reader.RoomAsync(domainEvent.RoomId, viewerId: null, cancellationToken);
        var members = await reader.MemberIdsAsync(domainEvent.RoomId, cancellationToken);
        await notifier.NotifyUsersAsync(members, new RoomUpdatedEvent(room), cancellationToken: cancellationToken);
    }
}
