using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations.Events;

namespace Chat.Application.Features.Conversations.Events;

/// <summary>Tells the remaining participants and the one who left <c>member_left</c>; the remaining ones also get <c>conversation_updated</c>.</summary>
internal sealed class ParticipantRemovedHandler(
    IConversationMembership membership, UserSummaries users, ConversationNotifier conversations, IRealtimeNotifier notifier)
    : IDomainEventHandler<ParticipantRemoved>
{
    public async Task HandleAsync(ParticipantRemoved domainEvent, CancellationToken cancellationToken)
    {
        var remaining = await membership.ParticipantIdsAsync(domainEvent.ConversationId, cancellationToken);
        foreach (var user in await users.ReadAsync([domainEvent.UserId], cancellationToken))
        {
            await notifier.NotifyUsersAsync([.. remaining, domainEvent.UserId], new MemberLeftEvent(domainEvent.ConversationId, user), cancellationToken: cancellationToken);
        }

        await conversations.NotifyAsync(domainEvent.ConversationId, _ => false, cancellationToken);
    }
}
