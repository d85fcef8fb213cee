using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using Chat.Domain.Friends;
using MediatR;

namespace Chat.Application.Features.Friends.RemoveFriend;

internal sealed class RemoveFriendCommandHandler(IChatDbContext db, ICurrentUser currentUser)
    : IRequestHandler<RemoveFriendCommand, Unit>
{
    public Task<Unit> Handle(RemoveFriendCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        return ConcurrencyRetry.RunAsync(db, async ct =>
        {
            var friendship = await db.FriendshipBetweenAsync(me, request.UserId, ct)
                ?? throw new NotFoundException("You are not friends with this user.", "not_friends");
            friendship.Remove(me);
            db.Set<Friendship>().Remove(friendship);
            await db.SaveChangesAsync(ct);
            return Unit.Value;
        }, cancellationToken);
    }
}
