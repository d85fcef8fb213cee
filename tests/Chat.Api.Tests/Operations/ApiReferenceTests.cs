using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chat.Api.Infrastructure;
using Chat.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Api.Tests.Operations;

/// <summary>The OpenAPI document teaches: every route, problem codes, clean names, tag order, probes, and examples that work.</summary>
public sealed class ApiReferenceTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;
    private JsonElement _document;

    public async Task InitializeAsync()
    {
        _factory = await ChatApiFactory.CreateAsync();
        _document = await (await _factory.CreateClient().GetAsync(SwaggerSetup.DocumentPath)).ReadJsonAsync();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public void Every_route_the_app_maps_is_in_the_document_with_its_methods()
    {
        var paths = _document.GetProperty("paths");
        var routes = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        routes.Should().HaveCountGreaterThan(50);

        // The web client's catch-all (MapFallback, the last route there is) serves pages, not an API operation.
        foreach (var route in routes.Where(r => r.Order != int.MaxValue))
        {
            var path = SwaggerSetup.DocumentPathOf(route.RoutePattern.RawText ?? string.Empty);
            paths.TryGetProperty(path, out var item).Should().BeTrue($"{path} is mapped but not documented");
            var methods = route.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            // CONNECT is the HTTP/2 form of the WebSocket upgrade on /ws; OpenAPI has no CONNECT operation, GET documents it.
            foreach (var method in methods.Where(m => m != "CONNECT"))
            {
                item.TryGetProperty(method.ToLowerInvariant(), out _).Should().BeTrue($"{method} {path} is mapped but not documented");
            }
        }
    }

    [Fact]
    public void Every_operation_has_a_summary_and_every_error_answer_points_at_the_problem_schema()
    {
        var operationIds = new HashSet<string>();
        foreach (var (path, method, operation) in Operations())
        {
            operation.TryGetProperty("summary", out _).Should().BeTrue($"{method} {path} needs a summary");
            operationIds.Add(operation.GetProperty("operationId").GetString()!).Should().BeTrue($"{method} {path} needs its own operationId");
            foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('4')))
            {
                response.Value.GetRawText().Should().Contain("#/components/schemas/ProblemDetails", $"{method} {path} {response.Name}");
            }
        }
    }

    [Fact]
    public void The_problem_schema_has_code_trace_id_and_errors_and_schema_names_are_clean()
    {
        var schemas = _document.GetProperty("components").GetProperty("schemas");
        var problem = schemas.GetProperty("ProblemDetails").GetProperty("properties");
        problem.TryGetProperty("code", out _).Should().BeTrue();
        problem.TryGetProperty("traceId", out _).Should().BeTrue();
        problem.GetProperty("errors").GetProperty("additionalProperties").GetProperty("type").GetString().Should().Be("array");

        schemas.EnumerateObject().Select(s => s.Name).Should().OnlyContain(name => name.All(char.IsAsciiLetterOrDigit), "schema names are plain words");
        schemas.TryGetProperty("MessagePage", out _).Should().BeTrue();
        schemas.TryGetProperty("Message", out _).Should().BeTrue();
        schemas.TryGetProperty("RegisterRequest", out _).Should().BeTrue();
    }

    [Fact]
    public void Tags_follow_the_main_flow_and_the_health_probes_and_the_socket_are_listed()
    {
        _document.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString())
            .Should().Equal(SwaggerSetup.Tags.Select(t => t.Name));
        var paths = _document.GetProperty("paths");
        paths.GetProperty("/health/live").TryGetProperty("get", out _).Should().BeTrue();
        paths.GetProperty("/health/ready").GetProperty("get").GetProperty("responses").TryGetProperty("503", out _).Should().BeTrue();
        paths.GetProperty("/ws").TryGetProperty("get", out _).Should().BeTrue();
        paths.EnumerateObject().First().Name.Should().StartWith("/api/v1/auth/", "Auth comes first");
        _document.GetProperty("info").GetProperty("description").GetString().Should().Contain("/docs/api/realtime.md");
    }

    [Fact]
    public async Task The_contract_pages_the_document_links_to_are_served()
    {
        var client = _factory.CreateClient();
        foreach (var page in new[] { "README.md", "rest.md", "realtime.md" })
        {
            var response = await client.GetAsync($"/docs/api/{page}");
            response.StatusCode.Should().Be(HttpStatusCode.OK, page);
            response.Content.Headers.ContentType!.MediaType.Should().Be("text/markdown");
            (await response.Content.ReadAsStringAsync()).Should().StartWith("#");
        }

        (await client.GetAsync("/docs/api/secrets.md")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/docs/api/..%2F..%2Fappsettings.json")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_swagger_ui_hides_the_client_id_and_secret_of_the_authorize_dialog_but_the_scheme_stays_a_password_flow()
    {
        var page = await _factory.CreateClient().GetStringAsync("/swagger/index.html");

        page.Should().Contain("#client_id").And.Contain("#client_secret").And.Contain("display:none");
        _document.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2").GetProperty("flows")
            .GetProperty("password").GetProperty("tokenUrl").GetString().Should().Be("/api/v1/auth/token");
    }

    /// <summary>What "Try it out" sends, as alice on a freshly seeded server: each must succeed.</summary>
    [Theory]
    [InlineData("post", "/api/v1/auth/register")]
    [InlineData("post", "/api/v1/auth/login")]
    [InlineData("patch", "/api/v1/users/me")]
    [InlineData("get", "/api/v1/users/{id}")]
    [InlineData("post", "/api/v1/conversations/direct")]
    [InlineData("post", "/api/v1/conversations/group")]
    [InlineData("get", "/api/v1/conversations/{id}")]
    [InlineData("patch", "/api/v1/conversations/{id}")]
    [InlineData("get", "/api/v1/conversations/{id}/messages")]
    [InlineData("post", "/api/v1/conversations/{id}/messages")]
    [InlineData("post", "/api/v1/conversations/{id}/read")]
    [InlineData("post", "/api/v1/users/{userId}/messages")]
    [InlineData("post", "/api/v1/rooms")]
    [InlineData("get", "/api/v1/rooms/{id}")]
    [InlineData("patch", "/api/v1/rooms/{id}")]
    [InlineData("patch", "/api/v1/rooms/{id}/members/{userId}")]
    [InlineData("post", "/api/v1/rooms/{id}/channels")]
    [InlineData("patch", "/api/v1/rooms/{id}/channels/{channelId}")]
    [InlineData("post", "/api/v1/rooms/{id}/invites")]
    public async Task Swaggers_own_example_succeeds_on_a_freshly_seeded_server(string method, string path)
    {
        await ChatCommands.SeedAsync(_factory.Services);
        var operation = _document.GetProperty("paths").GetProperty(path).GetProperty(method);
        var url = path;
        foreach (var parameter in operation.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray() : Enumerable.Empty<JsonElement>())
        {
            if (parameter.GetProperty("in").GetString() == "path")
            {
                parameter.TryGetProperty("example", out var example).Should().BeTrue($"{path} needs an example for {{{parameter.GetProperty("name")}}}");
                url = url.Replace("{" + parameter.GetProperty("name").GetString() + "}", example.GetString());
            }
        }

        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
        if (operation.TryGetProperty("requestBody", out var body))
        {
            var example = body.GetProperty("content").GetProperty("application/json").GetProperty("example");
            request.Content = new StringContent(example.GetRawText(), Encoding.UTF8, "application/json");
        }

        var login = await _factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { username = "alice", password = ChatCommands.DemoPassword });
        var client = TestUser.Authorize(_factory.CreateClient(), (await login.ReadJsonAsync()).GetProperty("accessToken").GetString()!);

        var response = await client.SendAsync(request);

        response.IsSuccessStatusCode.Should().BeTrue($"{method.ToUpperInvariant()} {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private IEnumerable<(string Path, string Method, JsonElement Operation)> Operations() =>
        _document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (p.Name, o.Name, o.Value)));
}
