using Chat.Application.Features.Conversations.GetUnread;
using MediatR;

namespace Chat.Api.Endpoints;

/// <summary>Unread counts (rest.md "Messages").</summary>
public static class UnreadEndpoints
{
    public static void MapUnreadEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/unread").WithTags("Messages").RequireAuthorization()
            .MapGet("/", GetUnread).Produces<UnreadDto>().ProducesProblems(401);

    /// <summary>The caller's unread messages: per conversation (those with any) and in total.</summary>
    /// <remarks>Counts messages after the caller's read marker that others sent and that are not deleted.</remarks>
    public static async Task<IResult> GetUnread(IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetUnreadQuery(), ct));
}
