using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Realtime.PublishPresence;

internal sealed class PublishPresenceCommandHandler(
    IChatDbContext db, IFriendshipQueries friendships, IRealtimeNotifier notifier, TimeProvider clock)
    : IRequestHandler<PublishPresenceCommand, Unit>
{
    public async Task<Unit> Handle(PublishPresenceCommand request, CancellationToken cancellationToken)
    {
        DateTime? lastSeenAt = null;
        if (!request.IsOnline)
        {
            var user = await db.Set<User>().FirstOrDefaultAsync(u => u.Id == request.UserId, cancellationToken);
            if (user is null)
            {
                return Unit.Value;
            }

            lastSeenAt = clock.GetUtcNow().UtcDateTime;
            user.MarkSeen(lastSeenAt.Value);
            await db.SaveChangesAsync(cancellationToken);
        }

        // A block ends the friendship, so blocked users are never in this list.
        var friends = await friendships.FriendIdsAsync(request.UserId, cancellationToken);
        await notifier.NotifyUsersAsync(friends, new PresenceEvent(request.UserId, request.IsOnline, lastSeenAt), cancellationToken: cancellationToken);
        return Unit.Value;
    }
}
