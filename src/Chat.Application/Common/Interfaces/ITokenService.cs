using Chat.Domain.Users;

namespace Chat.Application.Common.Interfaces;

/// <summary>A signed access token and its lifetime in seconds.</summary>
public sealed record AccessToken(string Token, int ExpiresInSeconds);

/// <summary>Issues access tokens and makes/hashes opaque refresh tokens.</summary>
public interface ITokenService
{
    AccessToken CreateAccessToken(User user);

    /// <summary>A new random refresh token value (only its hash is ever stored).</summary>
    string CreateRefreshTokenValue();

    string HashRefreshToken(string value);

    TimeSpan RefreshTokenLifetime { get; }
}
