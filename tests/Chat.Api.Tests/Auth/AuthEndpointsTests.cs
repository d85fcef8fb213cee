using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Auth;

public sealed class AuthEndpointsTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ChatApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Register_returns_a_token_pair_and_the_profile()
    {
        var client = _factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { username = "Alice.W", password = ApiTestExtensions.Password, displayName = "Alice" });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await response.ReadJsonAsync();
        body.GetProperty("tokenType").GetString().Should().Be("Bearer");
        body.GetProperty("expiresIn").GetInt32().Should().Be(15 * 60);
        body.GetProperty("accessToken").GetString().Should().NotBeNullOrEmpty();
        body.GetProperty("refreshToken").GetString().Should().NotBeNullOrEmpty();
        body.GetProperty("user").GetProperty("username").GetString().Should().Be("Alice.W");
        body.GetProperty("user").GetProperty("displayName").GetString().Should().Be("Alice");
        body.GetProperty("user").GetProperty("createdAt").GetString().Should().EndWith("+00:00");
    }

    [Fact]
    public async Task Registering_a_taken_username_in_another_case_is_a_conflict()
    {
        var client = _factory.CreateClient();
        (await client.PostAsJsonAsync("/api/v1/auth/register", new { username = "dave", password = ApiTestExtensions.Password })).EnsureSuccessStatusCode();

        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { username = "DAVE", password = ApiTestExtensions.Password });

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "username_taken");
    }

    [Theory]
    [InlineData("ab", "long-enough-pw", "username")]
    [InlineData("has space", "long-enough-pw", "username")]
    [InlineData("this_username_is_far_too_long_for_us", "long-enough-pw", "username")]
    [InlineData("valid_name", "short", "password")]
    public async Task Registering_with_invalid_fields_is_422_with_errors_per_field(string username, string password, string field)
    {
        var response = await _factory.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { username, password });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_malformed_body_is_a_400_problem()
    {
        var response = await _factory.CreateClient().PostAsync(
            "/api/v1/auth/register", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "bad_request");
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_413()
    {
        var big = new string('x', 1024 * 1024 + 10);
        var response = await _factory.CreateClient().PostAsync(
            "/api/v1/auth/register", new StringContent($"{{\"username\":\"{big}\"}}", System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task Login_with_the_right_password_returns_tokens_and_wrong_or_unknown_answer_the_same_401()
    {
        var user = await _factory.RegisterUserAsync("login");
        var client = _factory.CreateClient();

        var ok = await client.PostAsJsonAsync("/api/v1/auth/login", new { username = user.Username.ToUpperInvariant(), password = ApiTestExtensions.Password });
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ok.ReadJsonAsync()).GetProperty("user").GetProperty("id").GetGuid().Should().Be(user.Id);

        var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { username = user.Username, password = "not-the-password" });
        var unknown = await client.PostAsJsonAsync("/api/v1/auth/login", new { username = "nobody_here", password = "not-the-password" });
        var wrongProblem = await wrong.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        var unknownProblem = await unknown.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        wrongProblem.GetProperty("detail").GetString().Should().Be(unknownProblem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_token_endpoint_speaks_the_oauth2_password_and_refresh_grants()
    {
        var user = await _factory.RegisterUserAsync("oauth");
        var client = _factory.CreateClient();

        var response = await client.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = user.Username, ["password"] = ApiTestExtensions.Password,
        }));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.ReadJsonAsync();
        body.GetProperty("token_type").GetString().Should().Be("Bearer");
        body.GetProperty("expires_in").GetInt32().Should().BePositive();
        var access = body.GetProperty("access_token").GetString()!;

        var me = await TestUser.Authorize(_factory.CreateClient(), access).GetAsync("/api/v1/users/me");
        me.StatusCode.Should().Be(HttpStatusCode.OK);

        var refreshed = await client.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = body.GetProperty("refresh_token").GetString()!,
        }));
        refreshed.StatusCode.Should().Be(HttpStatusCode.OK);

        var badGrant = await client.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }));
        await badGrant.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "unsupported_grant_type");
    }

    [Fact]
    public async Task A_refresh_token_works_once_and_reusing_it_revokes_the_whole_family()
    {
        var user = await _factory.RegisterUserAsync("refresh");
        var client = _factory.CreateClient();

        var first = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken });
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var second = (await first.ReadJsonAsync()).GetProperty("refreshToken").GetString();

        var reuse = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken });
        await reuse.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "refresh_token_reused");

        // The descendant issued before the reuse was detected is revoked too.
        var descendant = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = second });
        await descendant.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task An_unknown_refresh_token_is_401()
    {
        var response = await _factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "made-up" });

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Logout_revokes_the_family_so_its_refresh_token_stops_working()
    {
        var user = await _factory.RegisterUserAsync("logout");

        var logout = await user.Client.PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = user.RefreshToken });
        logout.StatusCode.Should().Be(HttpStatusCode.NoContent);

        var refresh = await _factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken });
        await refresh.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Logout_without_a_token_is_401()
    {
        var response = await _factory.CreateClient().PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = "x" });

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
