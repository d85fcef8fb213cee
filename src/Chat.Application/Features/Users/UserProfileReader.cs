using AutoMapper;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;

namespace Chat.Application.Features.Users;

/// <summary>Builds a <see cref="UserProfileDto"/>, adding presence when the viewer may see it: their own profile, or a friend's.</summary>
internal sealed class UserProfileReader(IMapper mapper, IPresenceTracker presence, IFriendshipQueries friendships)
{
    public async Task<UserProfileDto> ReadAsync(User user, Guid viewerId, CancellationToken cancellationToken)
    {
        var profile = mapper.Map<UserProfileDto>(user);
        var maySeePresence = user.Id == viewerId || await friendships.AreFriendsAsync(user.Id, viewerId, cancellationToken);
        return maySeePresence
            ? profile with { IsOnline = presence.IsOnline(user.Id), LastSeenAt = user.LastSeenAt }
            : profile;
    }
}
