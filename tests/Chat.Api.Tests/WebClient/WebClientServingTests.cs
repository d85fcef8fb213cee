using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.Api.WebClient;

namespace Chat.Api.Tests.WebClient;

/// <summary>The browser client at <c>/</c>, its fallback and policy, and <c>GET /api/v1/server</c> (docs/web-client.md).</summary>
public sealed class WebClientServingTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?> { ["Chat:Server:Name"] = "Test chat" });

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/conversations/some-id")]
    [InlineData("/invite/AbCdEf1234")]
    public async Task Client_pages_answer_the_page_with_the_strict_policy(string path)
    {
        var response = await _factory.CreateClient().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await response.Content.ReadAsStringAsync()).Should().Contain("<script type=\"module\" src=\"/app.js\">");
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Be(WebClientSetup.ContentSecurityPolicy)
            .And.Contain("script-src 'self'").And.Contain("style-src 'self'").And.NotContain("unsafe-inline");
        response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
    }

    [Fact]
    public async Task The_script_and_stylesheet_are_served_with_the_policy()
    {
        var client = _factory.CreateClient();

        var script = await client.GetAsync("/app.js");
        var styles = await client.GetAsync("/styles.css");

        script.StatusCode.Should().Be(HttpStatusCode.OK);
        script.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        styles.Content.Headers.ContentType!.MediaType.Should().Be("text/css");
        script.Headers.Contains("Content-Security-Policy").Should().BeTrue();
    }

    [Theory]
    [InlineData("/api/v1/nothing-here")]
    [InlineData("/api")]
    [InlineData("/API/v1/nothing")]
    [InlineData("/ws/extra")]
    [InlineData("/swagger/nothing-here")]
    [InlineData("/health/nothing-here")]
    [InlineData("/missing-file.js")]
    public async Task The_fallback_never_answers_server_paths_or_missing_files(string path)
    {
        var response = await _factory.CreateClient().GetAsync(path);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Swagger_pages_do_not_carry_the_client_policy()
    {
        var response = await _factory.CreateClient().GetAsync("/swagger/index.html");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains("Content-Security-Policy").Should().BeFalse();
    }

    [Fact]
    public async Task Server_info_names_the_server_its_version_and_the_features_present_without_sign_in()
    {
        var response = await _factory.CreateClient().GetAsync("/api/v1/server");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.ReadJsonAsync();
        body.GetProperty("name").GetString().Should().Be("Test chat");
        body.GetProperty("version").GetString().Should().MatchRegex(@"^\d+\.\d+\.\d+");
        body.GetProperty("features").EnumerateArray().Select(f => f.GetString()).Should()
            .Equal("accounts", "attachments", "conversations", "friends", "realtime", "rooms", "search");
    }

    [Fact]
    public async Task Room_members_can_be_searched_for_mention_completion()
    {
        var owner = await _factory.RegisterUserAsync("mona");
        var other = await _factory.RegisterUserAsync("otto");
        var room = await (await owner.Client.PostAsJsonAsync("/api/v1/rooms", new { name = "Lobby", isPublic = true })).ReadJsonAsync();
        var roomId = room.GetProperty("id").GetGuid();
        (await other.Client.PostAsync($"/api/v1/rooms/{roomId}/join", null)).EnsureSuccessStatusCode();

        var found = await (await owner.Client.GetAsync($"/api/v1/rooms/{roomId}/members?search=OT")).ReadJsonAsync();
        var tooLong = await owner.Client.GetAsync($"/api/v1/rooms/{roomId}/members?search={new string('o', 101)}");

        found.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("user").GetProperty("username").GetString())
            .Should().Equal(other.Username);
        await tooLong.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }
}
