using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages.Events;

namespace Chat.Application.Features.Messages.Events;

internal sealed class MessageDeletedHandler(IConversationMembership membership, IRealtimeNotifier notifier) : IDomainEventHandler<MessageDeleted>
{
    public async Task HandleAsync(MessageDeleted domainEvent, CancellationToken cancellationToken) =>
        await notifier.NotifyUsersAsync(
            await membership.ParticipantIdsAsync(domainEvent.ConversationId, cancellationToken),
            new MessageDeletedEvent(domainEvent.ConversationId, domainEvent.MessageId, domainEvent.Seq, domainEvent.Version),
            cancellationToken: cancellationToken);
}
