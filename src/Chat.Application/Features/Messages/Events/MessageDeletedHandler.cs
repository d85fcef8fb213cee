using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages.Events;

namespace Chat.Application.Features.Messages.Events;

internal sealed class MessageDeletedHandler(IConversationFanOut fanOut) : IDomainEventHandler<MessageDeleted>
{
    public Task HandleAsync(MessageDeleted domainEvent, CancellationToken cancellationToken) =>
        fanOut.PublishAsync(
            ConversationPush.ToAll(
                domainEvent.ConversationId, domainEvent.Version, domainEvent.MembershipVersion,
                new MessageDeletedEvent(domainEvent.ConversationId, domainEvent.MessageId, domainEvent.Seq, domainEvent.Version)),
            cancellationToken);
}
