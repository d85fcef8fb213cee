using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages.Events;

namespace Chat.Application.Features.Messages.Events;

internal sealed class ReactionAddedHandler(IConversationFanOut fanOut) : IDomainEventHandler<ReactionAdded>
{
    public Task HandleAsync(ReactionAdded domainEvent, CancellationToken cancellationToken) =>
        fanOut.PublishAsync(
            ConversationPush.ToAll(
                domainEvent.ConversationId, domainEvent.Version, domainEvent.MembershipVersion,
                new ReactionAddedEvent(domainEvent.ConversationId, domainEvent.MessageId, domainEvent.UserId, domainEvent.Emoji, domainEvent.Version)),
            cancellationToken);
}
