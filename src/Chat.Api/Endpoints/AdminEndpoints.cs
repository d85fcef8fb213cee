using Chat.Application.Features.Admin.GetServerStats;
using MediatR;

namespace Chat.Api.Endpoints;

/// <summary>Operator endpoints (rest.md "Operations"); administrators only.</summary>
public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin").WithTags("Admin").RequireAuthorization();
        group.MapGet("/stats", GetStats).Produces<ServerStatsDto>().ProducesProblems(401, 403);
    }

    /// <summary>This node's live numbers: open sockets, online users, chat messages per second, node name.</summary>
    /// <remarks><c>messagesPerSecond</c> counts messages published on this node, averaged over the last 10 seconds.</remarks>
    /// <response code="200"><c>{ connections, onlineUsers, messagesPerSecond, node }</c>.</response>
    /// <response code="403"><c>forbidden</c>: the caller is not an administrator (<c>Chat:Admins</c>).</response>
    public static async Task<IResult> GetStats(IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetServerStatsQuery(), ct));
}
