using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using Chat.Domain.Friends;
using MediatR;

namespace Chat.Application.Features.Friends.SendFriendRequest;

internal sealed class SendFriendRequestCommandHandler(IChatDbContext db, ICurrentUser currentUser, TimeProvider clock, FriendViews views)
    : IRequestHandler<SendFriendRequestCommand, SendFriendRequestResult>
{
    public async Task<SendFriendRequestResult> Handle(SendFriendRequestCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var other = request.UserId;

        // When both users ask each other at the same instant, one insert loses on the pair's unique key; the retry
        // then finds the winner's request and accepts it (or answers request_exists when it was the same direction).
        var friendship = await ConcurrencyRetry.RunAsync(db, async ct =>
        {
            if (!await db.UserExistsAsync(other, ct))
            {
                throw new NotFoundException($"User {other} does not exist.");
            }

            var blocks = await db.BlocksBetweenAsync(me, other, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var existing = await db.FriendshipBetweenAsync(me, other, ct);
            if (existing is null)
            {
                existing = Friendship.Request(me, other, blocks, now);
                db.Set<Friendship>().Add(existing);
            }
            else
            {
                existing.RequestAgain(me, blocks, now);
            }

            await db.SaveChangesAsync(ct);
            return existing;
        }, cancellationToken);

        return friendship.IsAccepted
            ? new SendFriendRequestResult(null, await views.FriendAsync(other, friendship.AcceptedAt!.Value, cancellationToken))
            : new SendFriendRequestResult(
                await views.RequestAsync(friendship.Id, me, other, friendship.CreatedAt, cancellationToken), null);
    }
}
