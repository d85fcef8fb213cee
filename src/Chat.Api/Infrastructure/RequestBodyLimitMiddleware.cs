using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Chat.Api.Infrastructure;

/// <summary>
/// Any request body over the limit (1 MiB by default) answers 413 before it is read. Kestrel enforces the same
/// limit for bodies without Content-Length; this makes the answer the same on every server (TestServer too).
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, long maxBytes)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? maxBytes;
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        await next(context);
    }
}
