using Chat.Domain.Users;

namespace Chat.Application.Common.Interfaces;

/// <summary>A signed access token, its lifetime in seconds and its expiry (UTC).</summary>
public sealed record AccessToken(string Token, int ExpiresInSeconds, DateTime ExpiresAt);

/// <summary>Issues access tokens and makes/hashes opaque refresh tokens.</summary>
public interface ITokenService
{
    /// <summary>An access token for <paramref name="user"/> in the login <paramref name="sessionId"/> (its <c>sid</c> claim).</summary>
    AccessToken CreateAccessToken(User user, Guid sessionId);

    /// <summary>A new random refresh token value (only its hash is ever stored).</summary>
    string CreateRefreshTokenValue();

    string HashRefreshToken(string value);

    TimeSpan RefreshTokenLifetime { get; }
}
