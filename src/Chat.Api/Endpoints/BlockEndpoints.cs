using Chat.Application.Common.Paging;
using Chat.Application.Features.Blocks.BlockUser;
using Chat.Application.Features.Blocks.GetBlockedUsers;
using Chat.Application.Features.Blocks.UnblockUser;
using Chat.Application.Features.Users;
using MediatR;

namespace Chat.Api.Endpoints;

/// <summary>Blocking users (rest.md "Friends and blocks").</summary>
public static class BlockEndpoints
{
    public static void MapBlockEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/blocks").WithTags("Blocks").RequireAuthorization();
        group.MapPost("/", BlockUser).Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 401, 404, 422);
        group.MapDelete("/{userId:guid}", UnblockUser).Produces(StatusCodes.Status204NoContent).ProducesProblems(401);
        group.MapGet("/", GetBlockedUsers).Produces<CursorPage<UserSummaryDto>>().ProducesProblems(400, 401, 422);
    }

    /// <summary>Blocks a user.</summary>
    /// <remarks>
    /// Ends the friendship and any pending request between the two, in either direction (a friend receives
    /// <c>friend_removed</c>). Until lifted, the block stops, both ways, friend requests, new direct conversations and
    /// direct messages (403 <c>blocked</c>), and presence and typing events. Blocking an already blocked user changes nothing.
    /// </remarks>
    /// <response code="204">Blocked (or already blocked).</response>
    /// <response code="400"><c>cannot_block_self</c>.</response>
    /// <response code="404"><c>not_found</c>: no such user.</response>
    /// <response code="422"><c>validation_failed</c>: <c>userId</c> missing.</response>
    public static async Task<IResult> BlockUser(BlockUserCommand command, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(command, ct);
        return Results.NoContent();
    }

    /// <summary>Lifts the caller's block of a user. A block the other user placed stays; a former friendship does not come back.</summary>
    /// <response code="204">Not blocked (also when there was no block).</response>
    public static async Task<IResult> UnblockUser(Guid userId, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new UnblockUserCommand(userId), ct);
        return Results.NoContent();
    }

    /// <summary>The users the caller has blocked, most recently blocked first.</summary>
    /// <param name="limit">Page size, 1–100 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="400"><c>bad_request</c>: the cursor is not one this endpoint issued.</response>
    /// <response code="422"><c>validation_failed</c>: <c>limit</c> out of range.</response>
    public static async Task<IResult> GetBlockedUsers(int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetBlockedUsersQuery(limit, cursor), ct));
}
