using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Friends;

namespace Chat.Application.Features.Friends.Events;

/// <summary>Tells the addressee, live, that they have a new friend request.</summary>
internal sealed class FriendRequestSentHandler(FriendViews views, IRealtimeNotifier notifier) : IDomainEventHandler<FriendRequestSent>
{
    public async Task HandleAsync(FriendRequestSent domainEvent, CancellationToken cancellationToken)
    {
        var request = await views.RequestAsync(
            domainEvent.FriendshipId, domainEvent.RequesterId, domainEvent.AddresseeId, domainEvent.SentAt, cancellationToken);
        await notifier.NotifyUsersAsync([domainEvent.AddresseeId], new FriendRequestEvent(request), cancellationToken: cancellationToken);
    }
}
