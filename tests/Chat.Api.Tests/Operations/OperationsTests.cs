using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Operations;

public sealed class OperationsTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ChatApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_probes_answer_200_without_a_token(string path)
    {
        var response = await _factory.CreateClient().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        var response = await _factory.CreateClient().GetAsync("/api/v1/does-not-exist");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_wrong_media_type_is_a_415_problem()
    {
        var response = await _factory.CreateClient().PostAsync("/api/v1/auth/login", new StringContent("username=a", System.Text.Encoding.UTF8, "text/plain"));

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task Swagger_documents_every_endpoint_with_problem_answers_and_the_oauth2_password_flow()
    {
        var document = await (await _factory.CreateClient().GetAsync("/swagger/v1/swagger.json")).ReadJsonAsync();

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/token", "/api/v1/auth/refresh", "/api/v1/auth/logout", "/api/v1/users/me", "/api/v1/users", "/api/v1/users/{id}" })
        {
            paths.TryGetProperty(path, out _).Should().BeTrue(path);
        }

        var flow = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2").GetProperty("flows").GetProperty("password");
        flow.GetProperty("tokenUrl").GetString().Should().Be("/api/v1/auth/token");
        paths.GetProperty("/api/v1/users/me").GetProperty("get").TryGetProperty("security", out _).Should().BeTrue();
        paths.GetProperty("/api/v1/auth/login").GetProperty("post").GetProperty("security").EnumerateArray()
            .Should().ContainSingle().Which.EnumerateObject().Should().BeEmpty("login needs no token: an empty requirement");
        paths.GetProperty("/api/v1/auth/register").GetProperty("post").GetProperty("responses").TryGetProperty("409", out _).Should().BeTrue();

        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operation.Value.TryGetProperty("summary", out _).Should().BeTrue($"{operation.Name} {path.Name} needs an XML <summary>");
            }
        }
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        var response = await _factory.CreateClient().GetAsync("/swagger/index.html");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Seeding_creates_the_demo_users_once()
    {
        await ChatCommands.SeedAsync(_factory.Services);
        await ChatCommands.SeedAsync(_factory.Services);

        var login = await _factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { username = "alice", password = ChatCommands.DemoPassword });
        login.StatusCode.Should().Be(HttpStatusCode.OK);
        var alice = TestUser.Authorize(_factory.CreateClient(), (await login.ReadJsonAsync()).GetProperty("accessToken").GetString()!);
        var friends = await (await alice.GetAsync("/api/v1/friends")).ReadJsonAsync();
        friends.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("user").GetProperty("username").GetString())
            .Should().BeEquivalentTo(["bob", "carol"]);
    }
}
