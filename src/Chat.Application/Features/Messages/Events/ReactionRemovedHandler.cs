using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages.Events;

namespace Chat.Application.Features.Messages.Events;

internal sealed class ReactionRemovedHandler(IConversationFanOut fanOut) : IDomainEventHandler<ReactionRemoved>
{
    public Task HandleAsync(ReactionRemoved domainEvent, CancellationToken cancellationToken) =>
        fanOut.PublishAsync(
            ConversationPush.ToAll(
                domainEvent.ConversationId, domainEvent.Version, domainEvent.MembershipVersion,
                new ReactionRemovedEvent(domainEvent.ConversationId, domainEvent.MessageId, domainEvent.UserId, domainEvent.Emoji, domainEvent.Version)),
            cancellationToken);
}
