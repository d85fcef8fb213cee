using System.Security.Claims;
using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.Realtime;
using Microsoft.Net.Http.Headers;

namespace Chat.Api.Realtime;

/// <summary>
/// Decides, before the upgrade, whether a request may open a socket: its <c>Origin</c> (none, the server's own, or one
/// of <c>Chat:Realtime:AllowedOrigins</c>) and its credential (a ticket, or an access token from <c>?token=</c> or the
/// Authorization header, which JWT bearer authentication has already checked).
/// </summary>
internal sealed class SocketAuthenticator(RealtimeOptions options, IRealtimeTickets tickets)
{
    private readonly HashSet<string> _allowedOrigins = options.AllowedOrigins
        .Where(o => !string.IsNullOrWhiteSpace(o))
        .Select(o => o.Trim().TrimEnd('/'))
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public bool IsOriginAllowed(HttpRequest request)
    {
        var origin = request.Headers[HeaderNames.Origin].ToString();
        if (string.IsNullOrEmpty(origin) || _allowedOrigins.Contains("*") || _allowedOrigins.Contains(origin.TrimEnd('/')))
        {
            return true; // no Origin: not a browser
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var from)
            && Uri.TryCreate($"{request.Scheme}://{request.Host}", UriKind.Absolute, out var self)
            && string.Equals(from.Scheme, self.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(from.IdnHost, self.IdnHost, StringComparison.OrdinalIgnoreCase)
            && from.Port == self.Port;
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
