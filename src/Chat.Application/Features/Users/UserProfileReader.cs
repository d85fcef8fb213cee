using AutoMapper;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;

namespace Chat.Application.Features.Users;

/// <summary>Builds a <see cref="UserProfileDto"/>, adding presence when the viewer may see it.</summary>
internal sealed class UserProfileReader(IMapper mapper, IPresenceTracker presence)
{
    public Task<UserProfileDto> ReadAsync(User user, Guid viewerId, CancellationToken cancellationToken)
    {
        var profile = mapper.Map<UserProfileDto>(user);
        var maySeePresence = user.Id == viewerId;
        return Task.FromResult(maySeePresence
            ? profile with { IsOnline = presence.IsOnline(user.Id), LastSeenAt = user.LastSeenAt }
            : profile);
    }
}
