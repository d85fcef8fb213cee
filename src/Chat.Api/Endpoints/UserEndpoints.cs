using Chat.Application.Common.Paging;
using Chat.Application.Features.Users;
using Chat.Application.Features.Users.GetCurrentUser;
using Chat.Application.Features.Users.GetUser;
using Chat.Application.Features.Users.SearchUsers;
using Chat.Application.Features.Users.UpdateCurrentUser;
using MediatR;

namespace Chat.Api.Endpoints;

/// <summary>Profiles and user search (rest.md "Users").</summary>
public static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/users").WithTags("Users").RequireAuthorization();
        group.MapGet("/me", GetMe).Produces<UserProfileDto>().ProducesProblems(401);
        group.MapPatch("/me", UpdateMe).Produces<UserProfileDto>().ProducesProblems(400, 401, 422);
        group.MapGet("/", Search).Produces<CursorPage<UserSummaryDto>>().ProducesProblems(400, 401, 422);
        group.MapGet("/{id:guid}", GetById).Produces<UserProfileDto>().ProducesProblems(401, 404);
    }

    /// <summary>The caller's profile, with their own presence.</summary>
    public static async Task<IResult> GetMe(IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetCurrentUserQuery(), ct));

    /// <summary>Changes the caller's display name, avatar URL or bio. Omitted fields stay; an empty avatar or bio clears it.</summary>
    /// <response code="422"><c>validation_failed</c>: display name 1–100 characters, avatar an absolute http(s) URL, bio at most 500.</response>
    public static async Task<IResult> UpdateMe(UpdateCurrentUserCommand command, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(command, ct));

    /// <summary>Users whose username or display name starts with <c>search</c> (case-insensitive), ordered by username.</summary>
    /// <param name="search">Prefix to match; empty lists everyone.</param>
    /// <param name="limit">Page size, 1–100 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    public static async Task<IResult> Search(string? search, int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new SearchUsersQuery(search, limit, cursor), ct));

    /// <summary>A user's profile; presence is included only for friends.</summary>
    /// <response code="404">No such user.</response>
    public static async Task<IResult> GetById(Guid id, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetUserQuery(id), ct));
}
