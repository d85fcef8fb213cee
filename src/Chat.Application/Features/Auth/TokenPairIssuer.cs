using AutoMapper;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Users;
using Chat.Domain.Common;
using Chat.Domain.Users;

namespace Chat.Application.Features.Auth;

/// <summary>Issues an access token and a new refresh token of a family (a new family for a login; the family id is the session id). The caller saves.</summary>
internal sealed class TokenPairIssuer(IChatDbContext db, ITokenService tokens, TimeProvider clock, IMapper mapper)
{
    public TokenPairDto Issue(User user, Guid? familyId = null)
    {
        var refreshValue = tokens.CreateRefreshTokenValue();
        var session = familyId ?? Ids.New();
        db.Set<RefreshToken>().Add(RefreshToken.Issue(
            user.Id, session, tokens.HashRefreshToken(refreshValue), clock.GetUtcNow().UtcDateTime, tokens.RefreshTokenLifetime));

        var access = tokens.CreateAccessToken(user, session);
        return new TokenPairDto(access.Token, refreshValue, "Bearer", access.ExpiresInSeconds, mapper.Map<UserProfileDto>(user));
    }
}
