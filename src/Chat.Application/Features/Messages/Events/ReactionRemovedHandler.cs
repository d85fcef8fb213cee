using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages.Events;

namespace Chat.Application.Features.Messages.Events;

internal sealed class ReactionRemovedHandler(IConversationMembership membership, IRealtimeNotifier notifier) : IDomainEventHandler<ReactionRemoved>
{
    public async Task HandleAsync(ReactionRemoved domainEvent, CancellationToken cancellationToken) =>
        await notifier.NotifyUsersAsync(
            await membership.ParticipantIdsAsync(domainEvent.ConversationId, cancellationToken),
            new ReactionRemovedEvent(domainEvent.ConversationId, domainEvent.MessageId, domainEvent.UserId, domainEvent.Emoji, domainEvent.Version),
            cancellationToken: cancellationToken);
}
