using System.Security.Claims;
using Chat.Application.Common.Interfaces;
using Chat.Api.Infrastructure;
using Chat.Infrastructure.Identity;
using Chat.Infrastructure.Realtime;
using Microsoft.Net.Http.Headers;

namespace Chat.Api.Realtime;

/// <summary>
/// Decides, before the upgrade, whether a request may open a socket: its <c>Origin</c> (none, or one that
/// <see cref="ChatOrigins"/> allows) and its credential (a ticket, or an access token from <c>?token=</c> or the
/// Authorization header, which JWT bearer authentication has already checked).
/// </summary>
internal sealed class SocketAuthenticator(ChatOrigins origins, IRealtimeTickets tickets, SessionStates sessions, TimeProvider clock)
{
    /// <summary>No <c>Origin</c> (not a browser), or one the configuration allows; the <c>Host</c> header plays no part.</summary>
    public bool IsOriginAllowed(HttpRequest request)
    {
        var origin = request.Headers[HeaderNames.Origin].ToString();
        return string.IsNullOrEmpty(origin) || origins.IsAllowed(origin);
    }

    /// <summary>
    /// The caller, or null when the credential is missing, bad, used or expired, or its login has ended. A ticket stands
    /// for the login and access-token expiry it was bought with (not its own 30 s).
    /// </summary>
    public async Task<ClaimsPrincipal?> AuthenticateAsync(HttpContext context)
    {
        if (context.Request.Query.TryGetValue("ticket", out var ticket))
        {
            var grant = tickets.Redeem(ticket.ToString());
            if (grant is null || grant.CredentialsExpireAt <= clock.GetUtcNow().UtcDateTime
                || !await sessions.IsAliveAsync(grant.UserId, grant.SessionId, grant.CredentialsExpireAt, context.RequestAborted))
            {
                return null;
            }

            return PrincipalOf(grant);
        }

        // Bearer tokens were judged by the JWT scheme, session included.
        var user = context.User;
        return user.Identity?.IsAuthenticated == true && LoginOf(user) is not null ? user : null;
    }

    public static Guid UserIdOf(ClaimsPrincipal principal) => Guid.Parse(principal.FindFirst(ChatClaims.Subject)!.Value);

    /// <summary>The login and expiry a principal's credential stands for, or null when it lacks either.</summary>
    public static SocketLogin? LoginOf(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst(ChatClaims.Subject)?.Value, out _)
        && Guid.TryParse(principal.FindFirst(ChatClaims.Session)?.Value, out var session)
        && long.TryParse(principal.FindFirst(ChatClaims.Expires)?.Value, out var exp)
            ? new SocketLogin(session, DateTimeOffset.FromUnixTimeSeconds(exp))
            : null;

    private static ClaimsPrincipal PrincipalOf(RealtimeTicketGrant grant)
    {
        var claims = new List<Claim>
        {
            new(ChatClaims.Subject, grant.UserId.ToString()),
            new(ChatClaims.Session, grant.SessionId.ToString()),
            new(ChatClaims.Expires, new DateTimeOffset(grant.CredentialsExpireAt, TimeSpan.Zero).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (grant.IsAdmin)
        {
            claims.Add(new Claim("role", "admin"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType: "ticket", nameType: "unique_name", roleType: "role"));
    }
}
