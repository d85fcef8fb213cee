using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Realtime.SendTyping;

internal sealed class SendTypingCommandHandler(
    IConversationParticipants conversations,
    IFriendshipQueries friendships,
    IPresenceTracker presence,
    IRealtimeNotifier notifier,
    ICurrentUser currentUser)
    : IRequestHandler<SendTypingCommand, Unit>
{
    public async Task<Unit> Handle(SendTypingCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var participants = await conversations.ParticipantIdsAsync(request.ConversationId, cancellationToken)
            ?? throw new NotFoundException($"Conversation {request.ConversationId} does not exist.");
        if (!participants.Contains(me))
        {
            throw new ForbiddenException($"You are not a participant of conversation {request.ConversationId}.", "not_a_participant");
        }

        var recipients = new List<Guid>();
        foreach (var other in presence.OnlineAmong(participants.Where(p => p != me)))
        {
            if (!await friendships.IsBlockedAsync(me, other, cancellationToken))
            {
                recipients.Add(other);
            }
        }

        await notifier.NotifyUsersAsync(recipients, new TypingEvent(request.ConversationId, me, request.IsTyping!.Value), cancellationToken: cancellationToken);
        return Unit.Value;
    }
}
