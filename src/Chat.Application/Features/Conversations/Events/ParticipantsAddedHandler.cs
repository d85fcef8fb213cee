using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations.Events;

namespace Chat.Application.Features.Conversations.Events;

/// <summary>
/// Tells everyone in the group <c>member_joined</c> for each newcomer; newcomers then get <c>conversation_created</c>
/// (the group is new to them), the others <c>conversation_updated</c>.
/// </summary>
internal sealed class ParticipantsAddedHandler(
    IConversationMembership membership, UserSummaries users, ConversationNotifier conversations, IRealtimeNotifier notifier)
    : IDomainEventHandler<ParticipantsAdded>
{
    public async Task HandleAsync(ParticipantsAdded domainEvent, CancellationToken cancellationToken)
    {
        var participants = await membership.ParticipantIdsAsync(domainEvent.ConversationId, cancellationToken);
        foreach (var user in await users.ReadAsync(domainEvent.UserIds, cancellationToken))
        {
            await notifier.NotifyUsersAsync(participants, new MemberJoinedEvent(domainEvent.ConversationId, user), cancellationToken: cancellationToken);
        }

        await conversations.NotifyAsync(domainEvent.ConversationId, domainEvent.UserIds.Contains, cancellationToken);
    }
}
