using Chat.Application.Common.Exceptions;

namespace Chat.Api.Infrastructure;

/// <summary>
/// Lists page by cursor, never by offset. Clients written for other chat servers send <c>page</c>, <c>page_size</c>,
/// <c>skip</c> or <c>offset</c>; ignoring them would silently hand back the first page again, so any of them on an API
/// request answers 400 <c>unsupported_paging_parameter</c> naming the parameters that do work (rest.md "Shapes").
/// </summary>
internal sealed class PagingParameterGuard(RequestDelegate next)
{
    /// <summary>The offset-style names refused (compared case-insensitively).</summary>
    public static readonly string[] Refused = ["page", "page_size", "pageSize", "per_page", "skip", "offset"];

    public const string Code = "unsupported_paging_parameter";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/api") && context.Request.QueryString.HasValue)
        {
            foreach (var key in context.Request.Query.Keys)
            {
                if (Refused.Contains(key, StringComparer.OrdinalIgnoreCase))
                {
                    throw new BadRequestException(
                        $"'{key}' is not a paging parameter here: lists page by cursor. Pass 'limit' (1–100) and the previous page's " +
                        "'nextCursor' as 'cursor'; message history takes 'before', 'after' or 'around' (a seq), changes take 'since'.",
                        Code);
                }
            }
        }

        return next(context);
    }
}
