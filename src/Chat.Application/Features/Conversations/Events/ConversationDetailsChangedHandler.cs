using Chat.Application.Common.Events;
using Chat.Domain.Conversations.Events;

namespace Chat.Application.Features.Conversations.Events;

internal sealed class ConversationDetailsChangedHandler(ConversationNotifier conversations) : IDomainEventHandler<ConversationDetailsChanged>
{
    public Task HandleAsync(ConversationDetailsChanged domainEvent, CancellationToken cancellationToken) =>
        conversations.NotifyAsync(domainEvent.ConversationId, _ => false, cancellationToken);
}
