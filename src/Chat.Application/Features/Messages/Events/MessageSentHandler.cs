using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages.Events;

namespace Chat.Application.Features.Messages.Events;

/// <summary>Pushes <c>new_message</c> to the participants' sockets, all but the one the message came from.</summary>
internal sealed class MessageSentHandler(IConversationMembership membership, MessageReader reader, IRealtimeNotifier notifier, ICurrentUser currentUser)
    : IDomainEventHandler<MessageSent>
{
    public async Task HandleAsync(MessageSent domainEvent, CancellationToken cancellationToken)
    {
        var participants = await membership.ParticipantIdsAsync(domainEvent.ConversationId, cancellationToken);
        foreach (var view in await reader.ReadViewsAsync(domainEvent.MessageId, participants, cancellationToken))
        {
            await notifier.NotifyUsersAsync(view.ViewerIds, new NewMessageEvent(view.Message), currentUser.SocketSessionId, cancellationToken);
        }
    }
}
