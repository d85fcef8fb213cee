using Chat.Application.Common.Events;
using Chat.Domain.Conversations.Events;

namespace Chat.Application.Features.Conversations.Events;

internal sealed class ConversationStartedHandler(ConversationNotifier conversations) : IDomainEventHandler<ConversationStarted>
{
    public Task HandleAsync(ConversationStarted domainEvent, CancellationToken cancellationToken) =>
        conversations.NotifyAsync(domainEvent.ConversationId, _ => true, cancellationToken);
}
