using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using MediatR;

namespace Chat.Application.Features.Friends.AcceptFriendRequest;

internal sealed class AcceptFriendRequestCommandHandler(IChatDbContext db, ICurrentUser currentUser, TimeProvider clock, FriendViews views)
    : IRequestHandler<AcceptFriendRequestCommand, FriendDto>
{
    public async Task<FriendDto> Handle(AcceptFriendRequestCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var friendship = await ConcurrencyRetry.RunAsync(db, async ct =>
        {
            var found = await db.FriendshipOfAsync(request.RequestId, me, ct) ?? throw RequestNotFound(request.RequestId);
            var blocks = await db.BlocksBetweenAsync(found.UserLowId, found.UserHighId, ct);
            found.Accept(me, blocks, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            return found;
        }, cancellationToken);

        return await views.FriendAsync(friendship.RequesterId, friendship.AcceptedAt!.Value, cancellationToken);
    }

    internal static NotFoundException RequestNotFound(Guid requestId) => new($"Friend request {requestId} does not exist.");
}
