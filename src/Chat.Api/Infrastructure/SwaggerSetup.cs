using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using static Chat.Api.ChatCommands;

namespace Chat.Api.Infrastructure;

/// <summary>
/// The OpenAPI document and Swagger UI: XML comments, an OAuth2 password flow against <c>/api/v1/auth/token</c>,
/// tags in the order of the main flow, the problem document with <c>code</c>/<c>traceId</c>/<c>errors</c>, short schema
/// names, the health probes, and request examples that work on a freshly seeded server (the seed's fixed ids,
/// <see cref="DemoIds"/>).
/// </summary>
internal static partial class SwaggerSetup
{
    public const string SchemeName = "oauth2";
    public const string DocumentPath = "/swagger/v1/swagger.json";

    /// <summary>Tags in the order a new app walks through them, each with what it covers.</summary>
    public static readonly (string Name, string Description)[] Tags =
    [
        ("Auth", "Register, log in (a token pair), refresh, log out. Demo users after `seed`: alice, bob, carol, password `chat-demo-1`."),
        ("Users", "Profiles and user search."),
        ("Friends", "Friend requests and friends; presence is shown to friends."),
        ("Blocks", "Blocks work both ways: no requests, direct conversations or messages between the two."),
        ("Conversations", "Direct conversations (one per pair) and groups; read markers; unread counts."),
        ("Messages", "Send (to a conversation or straight to a person), history, catching up, edits, deletes, reactions, threads."),
        ("Realtime", "A ticket for the WebSocket at `/ws`; the protocol is in [realtime.md](/docs/api/realtime.md)."),
        ("Rooms", "Community rooms with roles, bans, invites and channels."),
        ("Server", "This server's name and version, for clients that show them."),
        ("Admin", "Operators (administrators)."),
        ("Health", "Probes for load balancers and orchestrators; no token."),
        ("Docs", "The contract as Markdown, served by the server itself."),
    ];

    public static IServiceCollection AddChatSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Chat API",
                Version = "v1",
                Description =
                    "Self-hosted real-time chat backend.\n\n" +
                    "**Try it:** run `chat seed` (or `dotnet run --project src/Chat.Api -- seed`) once, press **Authorize** and sign in " +
                    "as `alice` / `chat-demo-1`; every example on this page then works as it stands (the seed's ids are fixed: " +
                    "[getting started](/docs/api/README.md)).\n\n" +
                    "**Errors** are RFC 9457 problem documents with a stable `code` (schema `ProblemDetails`); each operation lists its codes.\n\n" +
                    "**Lists** page by cursor: `limit` and the previous page's `nextCursor` as `cursor`; `page`, `skip` and `offset` are refused.\n\n" +
                    "**Live events** arrive over the WebSocket at `/ws`: frames, examples and ordering in " +
                    "[realtime.md](/docs/api/realtime.md); every endpoint's contract in [rest.md](/docs/api/rest.md).",
            });
            var xml = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml);
            }

            options.AddSecurityDefinition(SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "Sign in with a username and password (alice / chat-demo-1 after `seed`); every call then carries the bearer token.",
                Flows = new OpenApiOAuthFlows
                {
                    Password = new OpenApiOAuthFlow { TokenUrl = new Uri("/api/v1/auth/token", UriKind.Relative), Scopes = new Dictionary<string, string>() },
                },
            });
            options.OperationFilter<AuthorizeOperationFilter>();
            options.OperationFilter<ExampleOperationFilter>();
            options.SchemaFilter<ProblemSchemaFilter>();
            options.DocumentFilter<OrderAndProbesDocumentFilter>();
            options.CustomSchemaIds(SchemaId);
            options.CustomOperationIds(OperationId);
        });
        return services;
    }

    /// <summary>Swagger UI at <c>/swagger</c>; the Authorize dialog shows only username and password (the server uses no client id).</summary>
    public static WebApplication UseChatSwagger(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint(DocumentPath, "Chat API v1");
            options.RoutePrefix = "swagger";
            options.DocumentTitle = "Chat API";
            options.EnablePersistAuthorization();
            options.EnableTryItOutByDefault();
            // The security scheme stays a standard password flow; only the dialog hides the fields this server ignores.
            options.HeadContent +=
                "<style>.auth-container .wrapper:has(#client_id),.auth-container .wrapper:has(#client_secret)," +
                ".auth-container .wrapper:has(#password_type){display:none}</style>";
        });
        return app;
    }

    /// <summary>
    /// Short, stable names: <c>Message</c> for <c>MessageDto</c>, <c>RegisterRequest</c> for <c>RegisterCommand</c>,
    /// <c>MessagePage</c> for <c>CursorPage&lt;MessageDto&gt;</c>.
    /// </summary>
    internal static string SchemaId(Type type)
    {
        if (type.IsGenericType)
        {
            var name = type.Name[..type.Name.IndexOf('`')];
            var arguments = string.Concat(type.GetGenericArguments().Select(SchemaId));
            return name == "CursorPage" ? arguments + "Page" : name + "Of" + arguments;
        }

        return type.Name switch
        {
            var n when n.EndsWith("Dto", StringComparison.Ordinal) => n[..^3],
            var n when n.EndsWith("Command", StringComparison.Ordinal) => n[..^7] + "Request",
            var n => n,
        };
    }

    /// <summary>
    /// <c>MessageSend</c> for <c>MessageEndpoints.Send</c>: the endpoint class's area and its handler's name, unique
    /// because handler names are unique within their class.
    /// </summary>
    private static string? OperationId(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description)
    {
        var handler = description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault();
        return handler?.DeclaringType is { } type
            ? type.Name.Replace("Endpoints", string.Empty).Replace("Endpoint", string.Empty) + handler.Name
            : null;
    }

    /// <summary>A route's path as the document writes it: constraints dropped (<c>{id:guid}</c> → <c>{id}</c>).</summary>
    internal static string DocumentPathOf(string routePattern) =>
        "/" + RouteConstraint().Replace(routePattern.Trim('/'), "}").TrimEnd('/');

    [GeneratedRegex(@":[^}]+\}")]
    private static partial Regex RouteConstraint();

    /// <summary>Marks every endpoint that needs a token with the OAuth2 requirement (and its 401).</summary>
    private sealed class AuthorizeOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any())
            {
                // Said explicitly: this operation needs no token (an empty requirement).
                operation.Security = [new OpenApiSecurityRequirement()];
                return;
            }

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
        }
    }

    /// <summary>The problem document as this server writes it: RFC 9457 plus <c>code</c>, <c>traceId</c> and <c>errors</c>.</summary>
    private sealed class ProblemSchemaFilter : ISchemaFilter
    {
        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (!typeof(ProblemDetails).IsAssignableFrom(context.Type) || schema is not OpenApiSchema problem)
            {
                return;
            }

            problem.Description = "An RFC 9457 problem document. `code` is stable and machine-readable (`type` is `/problems/<code>`).";
            problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
            problem.Properties["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String, Description = "Stable error code, e.g. `not_a_participant`, `validation_failed`, `rate_limited`.",
            };
            problem.Properties["traceId"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String, Description = "W3C trace id of the request; quote it when reporting a problem.",
            };
            problem.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object | JsonSchemaType.Null,
                Description = "Validation failures (422 `validation_failed`): messages keyed by the camelCase field name.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
            problem.Required ??= new HashSet<string>();
            problem.Required.Add("code");
            problem.Example = JsonNode.Parse(
                """{"type":"/problems/not_a_participant","title":"Not a participant","status":403,"detail":"You are not a participant of conversation 00000000-0000-7000-8000-00000000c001.","code":"not_a_participant","traceId":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}""");
        }
    }

    /// <summary>
    /// Request bodies and path parameters with examples that succeed as alice on a freshly seeded server (the ones
    /// <c>SwaggerExampleTests</c> executes), or, for operations that change the seed's state, that show a valid shape.
    /// </summary>
    private sealed class ExampleOperationFilter : IOperationFilter
    {
        private static readonly Dictionary<string, string> Bodies = new(StringComparer.OrdinalIgnoreCase)
        {
            ["POST /api/v1/auth/register"] = """{"username":"dora","password":"explorer-42","displayName":"Dora"}""",
            ["POST /api/v1/auth/login"] = $$"""{"username":"alice","password":"{{DemoPassword}}"}""",
            ["POST /api/v1/auth/refresh"] = """{"refreshToken":"<refreshToken from login>"}""",
            ["POST /api/v1/auth/logout"] = """{"refreshToken":"<refreshToken from login>"}""",
            ["PATCH /api/v1/users/me"] = """{"displayName":"Alice","bio":"Reads science fiction, answers slowly."}""",
            ["POST /api/v1/friends/requests"] = $$"""{"userId":"{{DemoIds.Carol}}"}""",
            ["POST /api/v1/blocks"] = $$"""{"userId":"{{DemoIds.Carol}}"}""",
            ["POST /api/v1/conversations/direct"] = $$"""{"userId":"{{DemoIds.Bob}}"}""",
            ["POST /api/v1/conversations/group"] = $$"""{"title":"Weekend trip","memberIds":["{{DemoIds.Bob}}","{{DemoIds.Carol}}"]}""",
            ["PATCH /api/v1/conversations/{id}"] = """{"title":"Book club","topic":"One book a month"}""",
            ["POST /api/v1/conversations/{id}/members"] = $$"""{"userIds":["{{DemoIds.Carol}}"]}""",
            ["POST /api/v1/conversations/{id}/read"] = """{"seq":1}""",
            ["POST /api/v1/conversations/{id}/messages"] = """{"content":"Hello from Swagger!","clientMessageId":"swagger-1"}""",
            ["POST /api/v1/users/{userId}/messages"] = """{"content":"Hi Bob, straight to you.","clientMessageId":"swagger-2"}""",
            ["PATCH /api/v1/messages/{id}"] = """{"content":"Hello again (edited)"}""",
            ["POST /api/v1/messages/{id}/reactions"] = """{"emoji":"👍"}""",
            ["POST /api/v1/rooms"] = """{"name":"Book fair","description":"Swap and recommend books","isPublic":true}""",
            ["PATCH /api/v1/rooms/{id}"] = """{"description":"Say hello! A demo room with a few channels."}""",
            ["POST /api/v1/rooms/{id}/transfer"] = $$"""{"userId":"{{DemoIds.Bob}}"}""",
            ["POST /api/v1/rooms/{id}/members"] = $$"""{"userId":"{{DemoIds.Carol}}"}""",
            ["PATCH /api/v1/rooms/{id}/members/{userId}"] = """{"role":"moderator"}""",
            ["POST /api/v1/rooms/{id}/bans"] = $$"""{"userId":"{{DemoIds.Carol}}","reason":"Spam"}""",
            ["POST /api/v1/rooms/{id}/channels"] = """{"name":"announcements","type":"text","topic":"News from the team"}""",
            ["PATCH /api/v1/rooms/{id}/channels/{channelId}"] = """{"topic":"Anything goes, really"}""",
            ["POST /api/v1/rooms/{id}/invites"] = """{"maxUses":10,"expiresInSeconds":3600}""",
        };

        // Path parameters by the path they sit in, so "Try it out" fills in ids the seed made.
        private static readonly (string Prefix, string Name, Guid Id)[] PathIds =
        [
            ("/api/v1/conversations/{id}/members/{userId}", "userId", DemoIds.Carol),
            ("/api/v1/conversations/{id}/messages", "id", DemoIds.AliceBob),
            ("/api/v1/conversations/{id}/changes", "id", DemoIds.AliceBob),
            ("/api/v1/conversations/{id}/read", "id", DemoIds.AliceBob),
            ("/api/v1/conversations/{id}", "id", DemoIds.BookClub),
            ("/api/v1/users/{userId}", "userId", DemoIds.Bob),
            ("/api/v1/users/{id}", "id", DemoIds.Bob),
            ("/api/v1/friends/{userId}", "userId", DemoIds.Carol),
            ("/api/v1/blocks/{userId}", "userId", DemoIds.Carol),
            ("/api/v1/rooms/{id}/channels/{channelId}", "channelId", DemoIds.LobbyRandom),
            ("/api/v1/rooms/{id}/members/{userId}", "userId", DemoIds.Bob),
            ("/api/v1/rooms/{id}/bans/{userId}", "userId", DemoIds.Carol),
            ("/api/v1/rooms/{id}", "id", DemoIds.Lobby),
        ];

        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var path = DocumentPathOf(context.ApiDescription.RelativePath ?? string.Empty);
            if (operation.Parameters is { } parameters)
            {
                foreach (var parameter in parameters.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Path))
                {
                    var match = PathIds.FirstOrDefault(p => p.Name == parameter.Name && path.StartsWith(p.Prefix, StringComparison.Ordinal));
                    if (match.Prefix is not null)
                    {
                        parameter.Example = JsonValue.Create(match.Id.ToString());
                    }
                }
            }

            if (Bodies.TryGetValue($"{context.ApiDescription.HttpMethod} {path}", out var body) &&
                operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true)
            {
                media.Example = JsonNode.Parse(body);
            }
        }
    }

    /// <summary>Tags and paths in the main flow's order; the health probes (mapped outside the API explorer) listed too.</summary>
    private sealed class OrderAndProbesDocumentFilter(TelemetrySetup.Options telemetry) : IDocumentFilter
    {
        public void Apply(OpenApiDocument document, DocumentFilterContext context)
        {
            document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
            AddProbe(document, "/health/live", "HealthLive", "Liveness: 200 while the process runs (no database call).", "Running.", null);
            AddProbe(document, "/health/ready", "HealthReady", "Readiness: 200 when the database answers, else 503.", "Ready.", "The database does not answer.");
            if (telemetry.Path is { } metrics)
            {
                AddProbe(document, metrics, "Metrics",
                    "Prometheus metrics (text format): served to loopback callers and to `Authorization: Bearer <Chat:Metrics:ScrapeToken>`; see docs/observability.md.",
                    "The metrics.", "`forbidden`: neither loopback nor the scrape token.", 403);
            }

            var order = Tags.Select((t, i) => (t.Name, i)).ToDictionary(t => t.Name, t => t.i);
            var ordered = document.Paths
                .OrderBy(p => p.Value.Operations?.Values.SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
                    .Select(t => order.GetValueOrDefault(t.Name ?? string.Empty, order.Count)).DefaultIfEmpty(order.Count).Min() ?? order.Count)
                .ToList();
            var paths = new OpenApiPaths();
            foreach (var (key, item) in ordered)
            {
                paths.Add(key, item);
            }

            document.Paths = paths;
        }

        private static void AddProbe(OpenApiDocument document, string path, string operationId, string summary, string healthy, string? unhealthy, int failure = 503)
        {
            var responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = healthy } };
            if (unhealthy is not null)
            {
                var answer = new OpenApiResponse { Description = unhealthy };
                if (failure < 500)
                {
                    answer.Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
                    };
                }

                responses[failure.ToString(System.Globalization.CultureInfo.InvariantCulture)] = answer;
            }

            document.Paths[path] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Get] = new()
                    {
                        Summary = summary,
                        OperationId = operationId,
                        Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                        Security = [new OpenApiSecurityRequirement()],
                        Responses = responses,
                    },
                },
            };
        }
    }
}
