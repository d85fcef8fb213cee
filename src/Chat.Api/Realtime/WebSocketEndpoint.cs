using Chat.Api.Endpoints;
using Chat.Application.Common.Exceptions;
using Chat.Infrastructure.Realtime;

namespace Chat.Api.Realtime;

/// <summary><c>GET /ws</c>: the WebSocket (realtime.md). Refusals come before the upgrade, as problem documents.</summary>
public static class WebSocketEndpoint
{
    public const string Path = "/ws";

    public static void MapWebSocketEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Connect).AllowAnonymous().WithTags("Realtime")
            .Produces(StatusCodes.Status101SwitchingProtocols).ProducesProblems(400, 401, 403, 503);

        // WebSockets over HTTP/2 arrive as CONNECT.
        app.MapMethods(Path, [HttpMethods.Connect], Connect).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>Opens the caller's WebSocket.</summary>
    /// <remarks>
    /// Credentials, in this order: <c>?ticket=</c> (from <c>POST /api/v1/realtime/ticket</c>, single use, 30 s),
    /// <c>?token=</c> (an access token) or the <c>Authorization: Bearer</c> header. Browsers send <c>Origin</c>; it must be
    /// <c>Chat:PublicUrl</c>'s, one of <c>Chat:Cors:AllowedOrigins</c> (alias <c>Chat:Realtime:AllowedOrigins</c>), or with neither
    /// set an address the server listens on (never judged by the <c>Host</c> header). Frames are described in docs/realtime.md.
    /// </remarks>
    /// <response code="101">Switched to the WebSocket protocol.</response>
    /// <response code="400"><c>bad_request</c>: not a WebSocket upgrade request.</response>
    /// <response code="401"><c>unauthorized</c>: the credential is missing, bad, used or expired.</response>
    /// <response code="403"><c>forbidden</c>: the Origin is not allowed.</response>
    /// <response code="503"><c>unavailable</c> with <c>Retry-After</c>: this node is draining (SIGTERM); connect again, another node answers.</response>
    internal static async Task Connect(HttpContext context, SocketAuthenticator authenticator, SocketHost host, RealtimeMetrics metrics, IHostApplicationLifetime lifetime)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw new UnavailableException("This node is shutting down; connect again.", 1);
        }

        if (!authenticator.IsOriginAllowed(context.Request))
        {
            throw new ForbiddenException("Sockets from this origin are not allowed.");
        }

        var principal = await authenticator.AuthenticateAsync(context);
        if (principal is null)
        {
            metrics.AuthFailed("socket");
            throw new UnauthorizedException("A valid ticket, access token or bearer header is required.");
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw new BadRequestException("Expected a WebSocket upgrade request.");
        }

        await host.RunAsync(context, principal);
    }
}
