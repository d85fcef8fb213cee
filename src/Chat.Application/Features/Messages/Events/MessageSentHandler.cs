using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using Chat.Domain.Messages.Events;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.Events;

/// <summary>
/// Pushes <c>new_message</c> to the participants' sockets, all but the one the message came from. In a direct
/// conversation the push carries a delivery receipt: reaching a device of the recipient moves their delivered marker.
/// </summary>
internal sealed class MessageSentHandler(
    IChatDbContext db, IConversationMembership membership, MessageReader reader, IRealtimeNotifier notifier, ICurrentUser currentUser,
    SendMessage.SendOrigins origins)
    : IDomainEventHandler<MessageSent>
{
    public async Task HandleAsync(MessageSent domainEvent, CancellationToken cancellationToken)
    {
        var participants = await membership.ParticipantIdsAsync(domainEvent.ConversationId, cancellationToken);
        var isDirect = await db.Set<Conversation>().AnyAsync(c => c.Id == domainEvent.ConversationId && c.Kind == ConversationKind.Direct, cancellationToken);
        var receipt = isDirect ? new DeliveryReceipt(domainEvent.ConversationId, domainEvent.Seq, domainEvent.SenderId) : null;
        // Sends are stored by the writer, whose scope has no caller: the batch recorded which socket each message came from.
        var origin = origins.SocketSessionOf(domainEvent.MessageId, currentUser.SocketSessionId);
        foreach (var view in await reader.ReadViewsAsync(domainEvent.MessageId, participants, cancellationToken))
        {
            await notifier.NotifyUsersAsync(view.ViewerIds, new NewMessageEvent(view.Message) { Receipt = receipt }, origin, cancellationToken);
        }
    }
}
