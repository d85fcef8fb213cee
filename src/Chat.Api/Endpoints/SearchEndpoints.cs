using Chat.Application.Common.Paging;
using Chat.Application.Features.Messages;
using Chat.Application.Features.Search.SearchMessages;
using MediatR;

namespace Chat.Api.Endpoints;

/// <summary>Full-text message search (rest.md "Search"; docs/attachments-and-search.md).</summary>
public static class SearchEndpoints
{
    public static void MapSearchEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/search").WithTags("Search").RequireAuthorization()
            .MapGet("/messages", SearchMessages).Produces<CursorPage<MessageDto>>().ProducesProblems(400, 401, 422);

    /// <summary>Messages matching every word of <c>q</c>, from conversations the caller takes part in now, newest first.</summary>
    /// <remarks>
    /// Words match words of the content or of an attachment's file name; the last word also as a prefix (type-ahead).
    /// Case, Unicode normalization form and diacritics do not matter (<c>emile</c> finds <c>Émile</c>; Cyrillic and
    /// Greek fold too). Quotes, <c>OR</c>, <c>NEAR</c>, <c>*</c> and <c>:</c> are plain text. Deleted messages and
    /// conversations the caller left are never searched. Each item is a Message plus <c>snippet</c> (plain text around
    /// the match) and <c>highlights</c> (<c>[{ start, length }]</c> in UTF-16 units into <c>snippet</c>).
    /// </remarks>
    /// <param name="q">The words (1–200 characters, at most 10 words).</param>
    /// <param name="conversationId">Only this conversation (nothing when the caller cannot read it).</param>
    /// <param name="limit">Page size, 1–100 (default 50).</param>
    /// <param name="cursor">The previous page's <c>nextCursor</c>.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="200">A page of messages, newest first.</response>
    /// <response code="400">A cursor that is not one of ours.</response>
    /// <response code="422">Empty or blank <c>q</c>, no letter or digit in it, or too long.</response>
    public static async Task<IResult> SearchMessages(string? q, Guid? conversationId, int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new SearchMessagesQuery(q, conversationId, limit, cursor), ct));
}
