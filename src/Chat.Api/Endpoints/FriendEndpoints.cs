using Chat.Application.Common.Paging;
using Chat.Application.Features.Friends;
using Chat.Application.Features.Friends.AcceptFriendRequest;
using Chat.Application.Features.Friends.CancelFriendRequest;
using Chat.Application.Features.Friends.DeclineFriendRequest;
using Chat.Application.Features.Friends.GetFriendRequests;
using Chat.Application.Features.Friends.GetFriends;
using Chat.Application.Features.Friends.GetOnlineFriends;
using Chat.Application.Features.Friends.RemoveFriend;
using Chat.Application.Features.Friends.SendFriendRequest;
using MediatR;

namespace Chat.Api.Endpoints;

/// <summary>Friend requests and friends (rest.md "Friends and blocks").</summary>
public static class FriendEndpoints
{
    public static void MapFriendEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/friends").WithTags("Friends").RequireAuthorization();
        group.MapPost("/requests", SendRequest)
            .Produces<FriendRequestDto>(StatusCodes.Status201Created).Produces<FriendDto>()
            .ProducesProblems(400, 401, 403, 404, 409, 422);
        group.MapGet("/requests", GetRequests).Produces<CursorPage<FriendRequestDto>>().ProducesProblems(400, 401, 422);
        group.MapPost("/requests/{id:guid}/accept", AcceptRequest).Produces<FriendDto>().ProducesProblems(401, 403, 404, 409);
        group.MapPost("/requests/{id:guid}/decline", DeclineRequest).Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404, 409);
        group.MapDelete("/requests/{id:guid}", CancelRequest).Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404, 409);
        group.MapGet("/", GetFriends).Produces<CursorPage<FriendDto>>().ProducesProblems(400, 401, 422);
        group.MapGet("/online", GetOnlineFriends).Produces<OnlineFriendsDto>().ProducesProblems(401);
        group.MapDelete("/{userId:guid}", RemoveFriend).Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 404);
    }

    /// <summary>Asks a user to be friends.</summary>
    /// <remarks>
    /// When that user had already asked the caller, their request is accepted instead and the answer is 200 with the new
    /// friend. There is only ever one request or friendship between two users, even when both ask at the same instant.
    /// The addressee receives a <c>friend_request</c> event; on auto-accept, the other user receives <c>friend_request_accepted</c>.
    /// </remarks>
    /// <response code="201">The new pending FriendRequest.</response>
    /// <response code="200">The user had already asked the caller: their request is accepted; the new Friend.</response>
    /// <response code="400"><c>cannot_befriend_self</c>.</response>
    /// <response code="403"><c>blocked</c>: one of the two has blocked the other.</response>
    /// <response code="404"><c>not_found</c>: no such user.</response>
    /// <response code="409"><c>already_friends</c>, or <c>request_exists</c> when the caller's request is already pending.</response>
    /// <response code="422"><c>validation_failed</c>: <c>userId</c> missing.</response>
    public static async Task<IResult> SendRequest(SendFriendRequestCommand command, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(command, ct);
        return result.Friend is not null
            ? Results.Ok(result.Friend)
            : Results.Created($"/api/v1/friends/requests?direction={FriendRequestDirection.Outgoing}", result.Request);
    }

    /// <summary>The caller's pending friend requests, newest first.</summary>
    /// <param name="direction"><c>incoming</c> (sent to the caller; the default) or <c>outgoing</c> (sent by the caller).</param>
    /// <param name="limit">Page size, 1–100 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="400"><c>bad_request</c>: the cursor is not one this endpoint issued.</response>
    /// <response code="422"><c>validation_failed</c>: <c>direction</c> is neither <c>incoming</c> nor <c>outgoing</c>, or <c>limit</c> out of range.</response>
    public static async Task<IResult> GetRequests(string? direction, int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetFriendRequestsQuery(direction, limit, cursor), ct));

    /// <summary>Accepts a friend request sent to the caller.</summary>
    /// <remarks>The requester receives a <c>friend_request_accepted</c> event.</remarks>
    /// <response code="200">The new Friend (the requester).</response>
    /// <response code="403"><c>not_addressee</c>: only the user the request was sent to may accept it; or <c>blocked</c>.</response>
    /// <response code="404"><c>not_found</c>: no such request between the caller and anyone.</response>
    /// <response code="409"><c>already_friends</c>: the request was already accepted.</response>
    public static async Task<IResult> AcceptRequest(Guid id, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new AcceptFriendRequestCommand(id), ct));

    /// <summary>Declines a friend request sent to the caller; the request is deleted (the requester is not told).</summary>
    /// <response code="204">Declined.</response>
    /// <response code="403"><c>not_addressee</c>: only the user the request was sent to may decline it.</response>
    /// <response code="404"><c>not_found</c>: no such request.</response>
    /// <response code="409"><c>already_friends</c>: the request was already accepted (use DELETE /friends/{userId}).</response>
    public static async Task<IResult> DeclineRequest(Guid id, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new DeclineFriendRequestCommand(id), ct);
        return Results.NoContent();
    }

    /// <summary>Cancels a friend request the caller sent; the request is deleted.</summary>
    /// <response code="204">Cancelled.</response>
    /// <response code="403"><c>not_requester</c>: only the user who sent the request may cancel it.</response>
    /// <response code="404"><c>not_found</c>: no such request.</response>
    /// <response code="409"><c>already_friends</c>: the request was already accepted (use DELETE /friends/{userId}).</response>
    public static async Task<IResult> CancelRequest(Guid id, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new CancelFriendRequestCommand(id), ct);
        return Results.NoContent();
    }

    /// <summary>The caller's friends, by username, with their presence.</summary>
    /// <param name="limit">Page size, 1–100 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="400"><c>bad_request</c>: the cursor is not one this endpoint issued.</response>
    /// <response code="422"><c>validation_failed</c>: <c>limit</c> out of range.</response>
    public static async Task<IResult> GetFriends(int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetFriendsQuery(limit, cursor), ct));

    /// <summary>The ids of the caller's friends who are online now: <c>{ "onlineFriends": [userId] }</c>.</summary>
    public static async Task<IResult> GetOnlineFriends(IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetOnlineFriendsQuery(), ct));

    /// <summary>Unfriends a user.</summary>
    /// <remarks>The other user receives a <c>friend_removed</c> event.</remarks>
    /// <response code="204">The friendship is over.</response>
    /// <response code="404"><c>not_friends</c>: the caller and that user are not friends (a pending request is not a friendship).</response>
    public static async Task<IResult> RemoveFriend(Guid userId, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new RemoveFriendCommand(userId), ct);
        return Results.NoContent();
    }
}
