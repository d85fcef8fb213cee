using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Rooms.Events;
using Chat.Domain.Rooms.Events;

namespace Chat.Application.Features.Rooms.Events;

/// <summary>
/// Tells the remaining members, and the one who left (so their other devices drop the room), who left and why.
/// Recipients are read after the commit, so a kicked or banned user gets this last event and nothing of the room after it.
/// </summary>
internal sealed class RoomMemberLeftHandler(RoomReader reader, IRealtimeNotifier notifier) : IDomainEventHandler<MemberLeft>
{
    public async Task HandleAsync(MemberLeft domainEvent, CancellationToken cancellationToken)
    {
        var user = await reader.UserSummaryAsync(domainEvent.UserId, cancellationToken);
        if (user is null)
        {
            return;
        }

        var recipients = await reader.MemberIdsAsync(domainEvent.RoomId, cancellationToken);
        if (!recipients.Contains(domainEvent.UserId))
        {
            recipients.Add(domainEvent.UserId);
        }

        await notifier.NotifyUsersAsync(recipients, new RoomMemberLeftEvent(domainEvent.RoomId, user, domainEvent.Reason), cancellationToken: cancellationToken);
    }
}
