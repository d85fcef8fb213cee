using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Users;

public sealed class UserEndpointsTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ChatApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Me_returns_the_callers_profile_with_their_own_presence()
    {
        var user = await _factory.RegisterUserAsync("me");

        var me = await (await user.Client.GetAsync("/api/v1/users/me")).ReadJsonAsync();

        me.GetProperty("id").GetGuid().Should().Be(user.Id);
        me.GetProperty("username").GetString().Should().Be(user.Username);
        me.GetProperty("isOnline").GetBoolean().Should().BeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIwMTkzMDAwMC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDAifQ.")]
    public async Task Me_without_a_valid_token_is_401(string? token)
    {
        var client = _factory.CreateClient();
        if (token is not null)
        {
            TestUser.Authorize(client, token);
        }

        var response = await client.GetAsync("/api/v1/users/me");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var user = await _factory.RegisterUserAsync("forged");
        var parts = user.AccessToken.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}";

        var response = await TestUser.Authorize(_factory.CreateClient(), forged).GetAsync("/api/v1/users/me");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Patching_me_changes_only_the_given_fields_and_empty_clears()
    {
        var user = await _factory.RegisterUserAsync("patch");

        var first = await user.Client.PatchAsJsonAsync("/api/v1/users/me", new { displayName = "  New Name ", bio = "Hello", avatarUrl = "https://example.com/a.png" });
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await first.ReadJsonAsync();
        body.GetProperty("displayName").GetString().Should().Be("New Name");
        body.GetProperty("bio").GetString().Should().Be("Hello");

        var second = await (await user.Client.PatchAsJsonAsync("/api/v1/users/me", new { bio = "" })).ReadJsonAsync();
        second.GetProperty("displayName").GetString().Should().Be("New Name");
        second.GetProperty("bio").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        second.GetProperty("avatarUrl").GetString().Should().Be("https://example.com/a.png");
    }

    [Theory]
    [InlineData("displayName", "")]
    [InlineData("avatarUrl", "javascript:alert(1)")]
    [InlineData("bio", null)]
    public async Task Patching_me_with_invalid_values_is_422(string field, string? value)
    {
        var user = await _factory.RegisterUserAsync("bad");
        var payload = new Dictionary<string, object?> { [field] = value ?? new string('b', 501) };

        var response = await user.Client.PatchAsJsonAsync("/api/v1/users/me", payload);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
    }

    [Fact]
    public async Task Search_matches_username_or_display_name_prefix_case_insensitively_and_pages()
    {
        var caller = await _factory.RegisterUserAsync("caller");
        var client = _factory.CreateClient();
        foreach (var name in new[] { "zed_one", "zed_two", "zed_three", "other" })
        {
            (await client.PostAsJsonAsync("/api/v1/auth/register", new { username = name, password = ApiTestExtensions.Password, displayName = name == "other" ? "Zed Other" : null }))
                .EnsureSuccessStatusCode();
        }

        var page1 = await (await caller.Client.GetAsync("/api/v1/users?search=ZED&limit=2")).ReadJsonAsync();
        page1.GetProperty("items").GetArrayLength().Should().Be(2);
        var cursor = page1.GetProperty("nextCursor").GetString();
        cursor.Should().NotBeNull();

        var page2 = await (await caller.Client.GetAsync($"/api/v1/users?search=zed&limit=2&cursor={cursor}")).ReadJsonAsync();
        page2.GetProperty("nextCursor").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);

        var names = page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray())
            .Select(u => u.GetProperty("username").GetString()).ToList();
        names.Should().BeEquivalentTo(["other", "zed_one", "zed_three", "zed_two"], o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Search_with_a_bad_cursor_is_400_and_a_bad_limit_is_422()
    {
        var caller = await _factory.RegisterUserAsync("cursor");

        await (await caller.Client.GetAsync("/api/v1/users?cursor=%25%25%25")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "bad_request");
        await (await caller.Client.GetAsync("/api/v1/users?limit=1000")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await caller.Client.GetAsync("/api/v1/users?limit=abc")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "bad_request");
    }

    [Fact]
    public async Task Another_users_profile_hides_presence_from_strangers_and_unknown_ids_are_404()
    {
        var viewer = await _factory.RegisterUserAsync("viewer");
        var other = await _factory.RegisterUserAsync("other");

        var profile = await (await viewer.Client.GetAsync($"/api/v1/users/{other.Id}")).ReadJsonAsync();
        profile.GetProperty("username").GetString().Should().Be(other.Username);
        profile.GetProperty("isOnline").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);

        var missing = await viewer.Client.GetAsync($"/api/v1/users/{Guid.CreateVersion7()}");
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
