using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Chat.Api.Infrastructure;

/// <summary>
/// Any request body over the limit (1 MiB by default) answers 413 before it is read. Kestrel enforces the same
/// limit for bodies without Content-Length; this makes the answer the same on every server (TestServer too).
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, long maxBytes)
{
    /// <summary>Oversized bodies up to this size are read and dropped before the 413; larger ones are refused at once.</summary>
    public const long DrainLimitBytes = 16 * 1024 * 1024;

    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(10);

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
            // A client still writing its body would see a reset instead of the answer: read and drop a moderately
            // oversized body first (bounded in size and time), so the 413 problem document is readable.
            if (context.Request.ContentLength <= DrainLimitBytes && feature is { IsReadOnly: false })
            {
                feature.MaxRequestBodySize = DrainLimitBytes;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                timeout.CancelAfter(DrainTime);
                try
                {
                    await context.Request.Body.CopyToAsync(Stream.Null, timeout.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
                {
                    // Too slow or gone: answer anyway.
                }
            }

            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        await next(context);
    }
}
