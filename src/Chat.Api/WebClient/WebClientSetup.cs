using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Chat.Api.WebClient;

/// <summary>
/// Serves the browser client from <c>wwwroot/</c> at <c>/</c> (docs/web-client.md): static files, and <c>index.html</c> for
/// any other page path so deep links work — never for the server's own prefixes (<see cref="ServerPrefixes"/>), which keep
/// their 404 problem documents. Every client file carries a strict Content-Security-Policy (Swagger's pages do not).
/// </summary>
public static class WebClientSetup
{
    /// <summary>
    /// The client's policy: its own scripts, styles, images and connections (HTTP and, in CSP Level 3, ws/wss to the same host)
    /// and nothing else — no inline script or style, no plugins, no framing, no base-tag tricks.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; font-src 'self'; " +
        "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    /// <summary>Path prefixes the client's fallback never answers (an unknown route under them stays a 404 problem document).</summary>
    public static readonly string[] ServerPrefixes = ["api", "ws", "swagger", "health"];

    public static IServiceCollection AddWebClient(this IServiceCollection services)
    {
        services.Configure<RouteOptions>(options => options.SetParameterPolicy<ClientPathConstraint>(ClientPathConstraint.Name));
        services.Configure<StaticFileOptions>(options =>
        {
            options.ContentTypeProvider = new FileExtensionContentTypeProvider();
            options.OnPrepareResponse = context => AddClientHeaders(context.Context.Response);
        });
        return services;
    }

    /// <summary>Static files first (before authentication: the client's files are public), then the page fallback as an endpoint.</summary>
    public static WebApplication UseWebClient(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }

    public static WebApplication MapWebClient(this WebApplication app)
    {
        // nonfile: a missing /x.js is a 404, not the page; clientpath: never under the server's own prefixes.
        app.MapFallbackToFile($"{{*path:nonfile:{ClientPathConstraint.Name}}}", "index.html");
        return app;
    }

    private static void AddClientHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // The files keep stable names, so the browser revalidates them (ETag) instead of running an old build.
        headers[HeaderNames.CacheControl] = "no-cache";
    }

    /// <summary>Matches a fallback path unless its first segment is one of <see cref="ServerPrefixes"/> (case-insensitive).</summary>
    internal sealed class ClientPathConstraint : IRouteConstraint
    {
        public const string Name = "clientpath";

        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
        {
            if (!values.TryGetValue(routeKey, out var value) || value is not string path || path.Length == 0)
            {
                return true;
            }

            var slash = path.IndexOf('/');
            var first = slash < 0 ? path : path[..slash];
            return !ServerPrefixes.Contains(first, StringComparer.OrdinalIgnoreCase);
        }
    }
}
