using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages.Events;

namespace Chat.Application.Features.Messages.Events;

/// <summary>Pushes <c>message_edited</c> to the participants, each group of viewers with its own view of the message.</summary>
internal sealed class MessageEditedHandler(IConversationMembership membership, MessageReader reader, IRealtimeNotifier notifier)
    : IDomainEventHandler<MessageEdited>
{
    public async Task HandleAsync(MessageEdited domainEvent, CancellationToken cancellationToken)
    {
        var participants = await membership.ParticipantIdsAsync(domainEvent.ConversationId, cancellationToken);
        foreach (var view in await reader.ReadViewsAsync(domainEvent.MessageId, participants, cancellationToken))
        {
            await notifier.NotifyUsersAsync(view.ViewerIds, new MessageEditedEvent(view.Message), cancellationToken: cancellationToken);
        }
    }
}
