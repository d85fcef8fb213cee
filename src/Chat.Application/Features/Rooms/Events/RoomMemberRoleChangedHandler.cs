using Chat.Application.Common.Events;
using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Rooms.Events;
using Chat.Domain.Rooms.Events;

namespace Chat.Application.Features.Rooms.Events;

/// <summary>Tells the members a member's new role (<c>member_updated</c>).</summary>
internal sealed class RoomMemberRoleChangedHandler(RoomReader reader, IRealtimeNotifier notifier) : IDomainEventHandler<MemberRoleChanged>
{
    public async Task HandleAsync(MemberRoleChanged domainEvent, CancellationToken cancellationToken)
    {
        RoomMemberDto member;
        try
        {
            member = await reader.MemberAsync(domainEvent.RoomId, domainEvent.UserId, cancellationToken);
        }
        catch (NotFoundException)
        {
            return; // Left again before this ran.
        }

        var members = await reader.MemberIdsAsync(domainEvent.RoomId, cancellationToken);
        await notifier.NotifyUsersAsync(members, new RoomMemberUpdatedEvent(domainEvent.RoomId, member), cancellationToken: cancellationToken);
    }
}
