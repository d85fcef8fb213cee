using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Chat.Infrastructure.Identity;

/// <summary>HS256 access tokens (<c>sub</c> = user id, <c>sid</c> = session (login) id, role <c>admin</c> for accounts with the admin flag) and opaque refresh tokens.</summary>
internal sealed class TokenService(JwtOptions options, JwtSigningKey signingKey, TimeProvider clock) : ITokenService
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TimeSpan RefreshTokenLifetime => TimeSpan.FromDays(options.RefreshTokenDays);

    public AccessToken CreateAccessToken(User user, Guid sessionId)
    {
        // Whole seconds: exp is in seconds, and the socket closes exactly at the expiry the client was told.
        var now = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds()).UtcDateTime;
        var lifetime = options.AccessTokenLifetime;
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
            new(JwtRegisteredClaimNames.UniqueName, user.Username),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            new(ChatClaims.Session, sessionId.ToString()),
        };
        if (user.IsAdmin)
        {
            claims.Add(new Claim("role", "admin"));
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });
        return new AccessToken(token, (int)lifetime.TotalSeconds, now + lifetime);
    }

    public string CreateRefreshTokenValue() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public string HashRefreshToken(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
