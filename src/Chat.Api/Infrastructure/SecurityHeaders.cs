namespace Chat.Api.Infrastructure;

/// <summary>Marks an endpoint whose answers carry credentials: they get <c>Cache-Control: no-store</c> (RFC 6749 §5.1).</summary>
public sealed class NoStoreMetadata
{
    public static readonly NoStoreMetadata Instance = new();
}

/// <summary>
/// Headers on every answer: <c>X-Content-Type-Options: nosniff</c>; <c>Cache-Control: no-store</c> and
/// <c>Pragma: no-cache</c> on endpoints marked <see cref="NoStoreMetadata"/> (token and ticket answers, problem
/// documents included). Set when the response starts, so every way of answering gets them.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (context.GetEndpoint()?.Metadata.GetMetadata<NoStoreMetadata>() is not null)
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}

public static class NoStoreExtensions
{
    /// <summary>Answers of this endpoint must not be stored by any cache (they carry tokens or tickets).</summary>
    public static TBuilder NoStore<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(NoStoreMetadata.Instance);
}
