using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Friends;

namespace Chat.Application.Features.Friends.Events;

/// <summary>Tells the other user, live, that the friendship ended.</summary>
internal sealed class FriendRemovedHandler(IRealtimeNotifier notifier) : IDomainEventHandler<FriendRemoved>
{
    public Task HandleAsync(FriendRemoved domainEvent, CancellationToken cancellationToken) =>
        notifier.NotifyUsersAsync([domainEvent.OtherUserId], new FriendRemovedEvent(domainEvent.RemovedById), cancellationToken: cancellationToken);
}
