using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Friends.GetOnlineFriends;

internal sealed class GetOnlineFriendsQueryHandler(IFriendshipQueries friendships, IPresenceTracker presence, ICurrentUser currentUser)
    : IRequestHandler<GetOnlineFriendsQuery, OnlineFriendsDto>
{
    public async Task<OnlineFriendsDto> Handle(GetOnlineFriendsQuery request, CancellationToken cancellationToken)
    {
        var friendIds = await friendships.FriendIdsAsync(currentUser.UserId, cancellationToken);
        return new OnlineFriendsDto(presence.OnlineAmong(friendIds).ToList());
    }
}
