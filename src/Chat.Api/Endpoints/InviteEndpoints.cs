using Chat.Application.Features.Rooms;
using Chat.Application.Features.Rooms.AcceptRoomInvite;
using Chat.Application.Features.Rooms.GetRoomInvite;
using MediatR;

namespace Chat.Api.Endpoints;

/// <summary>Room invites by code (rest.md "Rooms").</summary>
public static class InviteEndpoints
{
    public static void MapInviteEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/invites").WithTags("Rooms").RequireAuthorization();
        group.MapGet("/{code}", Preview).Produces<InvitePreviewDto>().ProducesProblems(401, 404);
        group.MapPost("/{code}/accept", Accept).Produces<RoomDto>().ProducesProblems(401, 403, 404);
    }

    /// <summary>Where an invite leads (any room, public or private), for anyone signed in.</summary>
    /// <response code="200"><c>{ room, expiresAt }</c>.</response>
    /// <response code="404"><c>not_found</c>: no such invite, or it has expired or is used up.</response>
    public static async Task<IResult> Preview(string code, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetRoomInviteQuery(code), ct));

    /// <summary>Joins the invite's room. Accepting as a member answers the room and spends no use.</summary>
    /// <response code="200">The room.</response>
    /// <response code="403"><c>banned</c>.</response>
    /// <response code="404"><c>not_found</c>: no such invite, or it has expired or is used up.</response>
    public static async Task<IResult> Accept(string code, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new AcceptRoomInviteCommand(code), ct));
}
