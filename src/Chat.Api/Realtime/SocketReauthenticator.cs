using System.Security.Claims;
using Chat.Infrastructure.Identity;
using Chat.Infrastructure.Realtime;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Chat.Api.Realtime;

/// <summary>
/// The <c>reauthenticate</c> frame (realtime.md): a fresh access token of the same user, judged exactly as the bearer
/// scheme judges one (signature, issuer, audience, lifetime, live session), rebinds the socket to that token's login
/// and expiry.
/// </summary>
internal sealed class SocketReauthenticator(IOptionsMonitor<JwtBearerOptions> bearer, SessionStates sessions)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>The new principal and login, or null when the token is bad, expired, another user's, or of an ended login.</summary>
    public async Task<(ClaimsPrincipal Principal, SocketLogin Login)?> RenewAsync(Guid userId, string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 8192)
        {
            return null;
        }

        var parameters = bearer.Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters;
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid || result.ClaimsIdentity is null)
        {
            return null;
        }

        var principal = new ClaimsPrincipal(result.ClaimsIdentity);
        if (SocketAuthenticator.LoginOf(principal) is not { } login || SocketAuthenticator.UserIdOf(principal) != userId)
        {
            return null;
        }

        return await sessions.IsAliveAsync(userId, login.SessionId, login.ExpiresAt, cancellationToken) ? (principal, login) : null;
    }
}
