using System.Security.Claims;
using Chat.Application.Common.Interfaces;
using Chat.Api.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace Chat.Api.Realtime;

/// <summary>
/// Decides, before the upgrade, whether a request may open a socket: its <c>Origin</c> (none, or one that
/// <see cref="ChatOrigins"/> allows) and its credential (a ticket, or an access token from <c>?token=</c> or the
/// Authorization header, which JWT bearer authentication has already checked).
/// </summary>
internal sealed class SocketAuthenticator(ChatOrigins origins, IRealtimeTickets tickets)
{
    /// <summary>No <c>Origin</c> (not a browser), or one the configuration allows; the <c>Host</c> header plays no part.</summary>
    public bool IsOriginAllowed(HttpRequest request)
    {
        var origin = request.Headers[HeaderNames.Origin].ToString();
        return string.IsNullOrEmpty(origin) || origins.IsAllowed(origin);
    }

    /// <summary>The caller, or null when the credential is missing, bad, used or expired.</summary>
    public ClaimsPrincipal? Authenticate(HttpContext context)
    {
        if (context.Request.Query.TryGetValue("ticket", out var ticket))
        {
            var grant = tickets.Redeem(ticket.ToString());
            return grant is null ? null : PrincipalOf(grant);
        }

        var user = context.User;
        return user.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirst("sub")?.Value, out _) ? user : null;
    }

    public static Guid UserIdOf(ClaimsPrincipal principal) => Guid.Parse(principal.FindFirst("sub")!.Value);

    private static ClaimsPrincipal PrincipalOf(RealtimeTicketGrant grant)
    {
        var claims = new List<Claim> { new("sub", grant.UserId.ToString()) };
        if (grant.IsAdmin)
        {
            claims.Add(new Claim("role", "admin"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType: "ticket", nameType: "unique_name", roleType: "role"));
    }
}
