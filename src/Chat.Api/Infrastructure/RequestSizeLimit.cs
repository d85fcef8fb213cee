using Microsoft.AspNetCore.Http.Metadata;

namespace Chat.Api.Infrastructure;

/// <summary>An endpoint's own request body limit in bytes (read by <see cref="RequestBodyLimitMiddleware"/>), for the upload routes.</summary>
internal sealed class RequestSizeLimit(long maxBytes) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize { get; } = maxBytes;
}
