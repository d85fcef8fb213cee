namespace Chat.Api.Endpoints;

/// <summary>
/// The contract (docs/api/*.md, compiled into the server) served as Markdown, so the API reference links to the
/// WebSocket protocol and the REST contract of exactly this build, wherever the server runs.
/// </summary>
public static class DocsEndpoints
{
    private const string Prefix = "docs/api/";

    public static void MapDocsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/docs/api/{page}", Page).AllowAnonymous().WithTags("Docs")
            .Produces<string>(StatusCodes.Status200OK, "text/markdown").ProducesProblems(404);
    }

    /// <summary>A page of the contract as Markdown: <c>README.md</c> (conventions, errors, demo ids), <c>rest.md</c>, <c>realtime.md</c>.</summary>
    /// <param name="page">The file name, e.g. <c>realtime.md</c>.</param>
    /// <response code="200">The page (<c>text/markdown</c>).</response>
    /// <response code="404"><c>not_found</c>: no such page.</response>
    public static IResult Page(string page)
    {
        var stream = typeof(DocsEndpoints).Assembly.GetManifestResourceStream(Prefix + page);
        return stream is null ? Results.NotFound() : Results.Stream(stream, "text/markdown; charset=utf-8");
    }

    /// <summary>The pages compiled in (for tests and the start-up log).</summary>
    public static IEnumerable<string> Pages =>
        typeof(DocsEndpoints).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Select(n => n[Prefix.Length..]);
}
