using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Friends;

namespace Chat.Application.Features.Friends.Events;

/// <summary>Tells the requester, live, that their request was accepted, with the accepter as their new friend.</summary>
internal sealed class FriendRequestAcceptedHandler(FriendViews views, IRealtimeNotifier notifier) : IDomainEventHandler<FriendRequestAccepted>
{
    public async Task HandleAsync(FriendRequestAccepted domainEvent, CancellationToken cancellationToken)
    {
        var friend = await views.FriendAsync(domainEvent.AccepterId, domainEvent.AcceptedAt, cancellationToken);
        await notifier.NotifyUsersAsync([domainEvent.RequesterId], new FriendRequestAcceptedEvent(friend), cancellationToken: cancellationToken);
    }
}
