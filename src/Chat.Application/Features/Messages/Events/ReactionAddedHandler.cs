using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages.Events;

namespace Chat.Application.Features.Messages.Events;

internal sealed class ReactionAddedHandler(IConversationMembership membership, IRealtimeNotifier notifier) : IDomainEventHandler<ReactionAdded>
{
    public async Task HandleAsync(ReactionAdded domainEvent, CancellationToken cancellationToken) =>
        await notifier.NotifyUsersAsync(
            await membership.ParticipantIdsAsync(domainEvent.ConversationId, cancellationToken),
            new ReactionAddedEvent(domainEvent.ConversationId, domainEvent.MessageId, domainEvent.UserId, domainEvent.Emoji, domainEvent.Version),
            cancellationToken: cancellationToken);
}
