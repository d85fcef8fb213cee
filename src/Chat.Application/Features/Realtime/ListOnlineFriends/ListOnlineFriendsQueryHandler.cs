using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Realtime.ListOnlineFriends;

internal sealed class ListOnlineFriendsQueryHandler(IFriendshipQueries friendships, IPresenceTracker presence, ICurrentUser currentUser)
    : IRequestHandler<ListOnlineFriendsQuery, IReadOnlyList<Guid>>
{
    public async Task<IReadOnlyList<Guid>> Handle(ListOnlineFriendsQuery request, CancellationToken cancellationToken)
    {
        var friends = await friendships.FriendIdsAsync(currentUser.UserId, cancellationToken);
        return presence.OnlineAmong(friends).ToList();
    }
}
