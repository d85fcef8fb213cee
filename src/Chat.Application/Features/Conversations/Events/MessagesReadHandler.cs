using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations.Events;

namespace Chat.Application.Features.Conversations.Events;

/// <summary>Pushes <c>message_read</c> to the participants, the reader's other devices included (not the socket that marked).</summary>
internal sealed class MessagesReadHandler(IConversationMembership membership, IRealtimeNotifier notifier, ICurrentUser currentUser)
    : IDomainEventHandler<MessagesRead>
{
    public async Task HandleAsync(MessagesRead domainEvent, CancellationToken cancellationToken) =>
        await notifier.NotifyUsersAsync(
            await membership.ParticipantIdsAsync(domainEvent.ConversationId, cancellationToken),
            new MessageReadEvent(domainEvent.ConversationId, domainEvent.UserId, domainEvent.Seq),
            currentUser.SocketSessionId,
            cancellationToken);
}
