using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Rooms.Events;
using Chat.Domain.Rooms.Events;

namespace Chat.Application.Features.Rooms.Events;

/// <summary>Tells the members (the newcomer's devices included) who joined.</summary>
internal sealed class RoomMemberJoinedHandler(RoomReader reader, IRealtimeNotifier notifier) : IDomainEventHandler<MemberJoined>
{
    public async Task HandleAsync(MemberJoined domainEvent, CancellationToken cancellationToken)
    {
        var user = await reader.UserSummaryAsync(domainEvent.UserId, cancellationToken);
        if (user is null)
        {
            return;
        }

        var members = await reader.MemberIdsAsync(domainEvent.RoomId, cancellationToken);
        await notifier.NotifyUsersAsync(members, new RoomMemberJoinedEvent(domainEvent.RoomId, user), cancellationToken: cancellationToken);
    }
}
