using Chat.Application.Common.Interfaces;
using Chat.Domain.Friends;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Realtime.SendTyping;

/// <summary>Access is checked by the pipeline (<c>IConversationRequest</c>); this picks who hears it: online, not blocked either way.</summary>
internal sealed class SendTypingCommandHandler(
    IChatDbContext db,
    IConversationMembership membership,
    IPresenceTracker presence,
    IRealtimeNotifier notifier,
    ICurrentUser currentUser)
    : IRequestHandler<SendTypingCommand, Unit>
{
    public async Task<Unit> Handle(SendTypingCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var participants = await membership.ParticipantIdsAsync(request.ConversationId, cancellationToken);
        var online = presence.OnlineAmong(participants.Where(p => p != me)).ToList();
        if (online.Count == 0)
        {
            return Unit.Value;
        }

        var blocked = await db.Set<Block>().AsNoTracking()
            .Where(b => (b.BlockerId == me && online.Contains(b.BlockedId)) || (b.BlockedId == me && online.Contains(b.BlockerId)))
            .Select(b => b.BlockerId == me ? b.BlockedId : b.BlockerId)
            .ToListAsync(cancellationToken);
        var recipients = online.Except(blocked).ToList();

        await notifier.NotifyUsersAsync(recipients, new TypingEvent(request.ConversationId, me, request.IsTyping!.Value), cancellationToken: cancellationToken);
        return Unit.Value;
    }
}
