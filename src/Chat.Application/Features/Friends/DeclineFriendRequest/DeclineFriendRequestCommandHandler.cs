using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using Chat.Application.Features.Friends.AcceptFriendRequest;
using Chat.Domain.Friends;
using MediatR;

namespace Chat.Application.Features.Friends.DeclineFriendRequest;

internal sealed class DeclineFriendRequestCommandHandler(IChatDbContext db, ICurrentUser currentUser)
    : IRequestHandler<DeclineFriendRequestCommand, Unit>
{
    public Task<Unit> Handle(DeclineFriendRequestCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        return ConcurrencyRetry.RunAsync(db, async ct =>
        {
            var friendship = await db.FriendshipOfAsync(request.RequestId, me, ct)
                ?? throw AcceptFriendRequestCommandHandler.RequestNotFound(request.RequestId);
            friendship.Decline(me);
            db.Set<Friendship>().Remove(friendship);
            await db.SaveChangesAsync(ct);
            return Unit.Value;
        }, cancellationToken);
    }
}
