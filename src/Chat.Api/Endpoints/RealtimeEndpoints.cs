using Chat.Api.Infrastructure;
using Chat.Api.Realtime;
using Chat.Application.Features.Realtime.IssueTicket;
using MediatR;

namespace Chat.Api.Endpoints;

/// <summary>Socket tickets and the WebSocket itself (realtime.md).</summary>
public static class RealtimeEndpoints
{
    public static void MapRealtimeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/realtime").WithTags("Realtime").RequireAuthorization();
        group.MapPost("/ticket", IssueTicket).NoStore().Produces<RealtimeTicketDto>().ProducesProblems(401, 429);
        app.MapWebSocketEndpoint();
    }

    /// <summary>A single-use ticket for opening the caller's WebSocket: <c>GET /ws?ticket=…</c> within <c>expiresIn</c> (30) seconds.</summary>
    /// <remarks>Browsers cannot set headers on a WebSocket; a ticket keeps the long-lived access token out of URLs and logs.</remarks>
    /// <response code="200"><c>{ ticket, expiresIn }</c>.</response>
    /// <response code="429">Too many outstanding tickets on this server.</response>
    public static async Task<IResult> IssueTicket(IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new IssueRealtimeTicketCommand(), ct));
}
