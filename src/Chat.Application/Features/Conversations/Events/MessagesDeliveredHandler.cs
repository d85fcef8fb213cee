using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using Chat.Domain.Conversations.Events;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Conversations.Events;

/// <summary>In a direct conversation, tells the other participant (the sender of what arrived) <c>message_delivered</c>.</summary>
internal sealed class MessagesDeliveredHandler(IChatDbContext db, IConversationMembership membership, IRealtimeNotifier notifier)
    : IDomainEventHandler<MessagesDelivered>
{
    public async Task HandleAsync(MessagesDelivered domainEvent, CancellationToken cancellationToken)
    {
        var isDirect = await db.Set<Conversation>().AnyAsync(c => c.Id == domainEvent.ConversationId && c.Kind == ConversationKind.Direct, cancellationToken);
        if (!isDirect)
        {
            return;
        }

        var others = (await membership.ParticipantIdsAsync(domainEvent.ConversationId, cancellationToken)).Where(id => id != domainEvent.UserId).ToList();
        await notifier.NotifyUsersAsync(others, new MessageDeliveredEvent(domainEvent.ConversationId, domainEvent.UserId, domainEvent.Seq), cancellationToken: cancellationToken);
    }
}
