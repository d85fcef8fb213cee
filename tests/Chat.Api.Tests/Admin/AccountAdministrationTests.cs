using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;
using Chat.Api.Tests.Realtime;

namespace Chat.Api.Tests.Admin;

/// <summary>
/// Administrators' changes to accounts (rest.md "Administration"): disable / enable (a disabled user's token and socket
/// are cut within 5 s and they cannot sign in), password reset, grant / revoke admin (never the last one); each audited.
/// </summary>
public sealed class AccountAdministrationTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;
    private TestUser _admin = null!;

    public async Task InitializeAsync()
    {
        _factory = await ChatApiFactory.CreateAsync(AdminApiTests.AdminSettings());
        _admin = await AdminApiTests.LoginAdminAsync(_factory);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Disabling_cuts_the_token_and_socket_within_5_seconds_and_refuses_login_until_enabled()
    {
        var user = await _factory.RegisterUserAsync("unruly");
        await using var socket = await TestSocket.OpenAsync(_factory, user, "presence");
        var watch = Stopwatch.StartNew();

        await (await _admin.Client.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/disable", new { reason = "spam" })).ShouldBeNoContentAsync();

        await socket.WaitForCloseAsync();
        var deadline = TimeSpan.FromSeconds(5);
        HttpStatusCode status;
        do
        {
            status = (await user.Client.GetAsync("/api/v1/users/me")).StatusCode;
        }
        while (status != HttpStatusCode.Unauthorized && watch.Elapsed < deadline + TimeSpan.FromSeconds(10));
        status.Should().Be(HttpStatusCode.Unauthorized);
        await (await LoginAsync(user.Username, ApiTestExtensions.Password)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "account_disabled");
        (await LoginAsync(user.Username, "wrong-password")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the status is told only to whoever knows the password");
        (await _factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var listed = (await (await _admin.Client.GetAsync("/api/v1/admin/users?search=unruly")).ReadJsonAsync()).GetProperty("items")[0];
        listed.GetProperty("disabledAt").GetString().Should().NotBeNull();
        listed.GetProperty("disabledReason").GetString().Should().Be("spam");

        await (await _admin.Client.PostAsync($"/api/v1/admin/users/{user.Id}/enable", null)).ShouldBeNoContentAsync();
        (await LoginAsync(user.Username, ApiTestExtensions.Password)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await AuditActionsAsync(user.Id)).Should().Equal("user.enable", "user.disable");
    }

    [Fact]
    public async Task A_password_reset_returns_a_one_time_password_and_ends_every_login()
    {
        var user = await _factory.RegisterUserAsync("forgetful");

        var response = await _admin.Client.PostAsync($"/api/v1/admin/users/{user.Id}/password-reset", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var temporary = (await response.ReadJsonAsync()).GetProperty("temporaryPassword").GetString()!;
        temporary.Should().HaveLength(20);
        (await LoginAsync(user.Username, ApiTestExtensions.Password)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await LoginAsync(user.Username, temporary)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var audit = await (await _admin.Client.GetAsync($"/api/v1/admin/audit?targetId={user.Id}")).Content.ReadAsStringAsync();
        audit.Should().Contain("user.password_reset").And.NotContain(temporary);
    }

    [Fact]
    public async Task Admin_is_granted_and_revoked_but_never_by_oneself()
    {
        var user = await _factory.RegisterUserAsync("promoted");

        await (await _admin.Client.PostAsync($"/api/v1/admin/users/{user.Id}/admin", null)).ShouldBeNoContentAsync();
        var promoted = TestUser.Authorize(_factory.CreateClient(), (await (await LoginAsync(user.Username, ApiTestExtensions.Password)).ReadJsonAsync()).GetProperty("accessToken").GetString()!);
        (await promoted.GetAsync("/api/v1/admin/users")).StatusCode.Should().Be(HttpStatusCode.OK);

        await (await promoted.DeleteAsync($"/api/v1/admin/users/{user.Id}/admin")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "cannot_target_self");
        await (await _admin.Client.DeleteAsync($"/api/v1/admin/users/{user.Id}/admin?reason=done")).ShouldBeNoContentAsync();
        (await promoted.GetAsync("/api/v1/admin/users")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "revoking ends the logins that carried the role");
        var again = TestUser.Authorize(_factory.CreateClient(), (await (await LoginAsync(user.Username, ApiTestExtensions.Password)).ReadJsonAsync()).GetProperty("accessToken").GetString()!);
        await (await again.GetAsync("/api/v1/admin/users")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        await (await _admin.Client.DeleteAsync($"/api/v1/admin/users/{Guid.NewGuid()}/admin")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _admin.Client.DeleteAsync($"/api/v1/admin/users/{_admin.Id}/admin")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "cannot_target_self");
        (await AuditActionsAsync(user.Id)).Should().Equal("user.admin_revoke", "user.admin_grant");
    }

    [Fact]
    public async Task Account_actions_are_refused_to_non_administrators()
    {
        var user = await _factory.RegisterUserAsync("plain");
        var target = await _factory.RegisterUserAsync("target");
        foreach (var path in new[] { "disable", "enable", "password-reset", "admin" })
        {
            await (await user.Client.PostAsync($"/api/v1/admin/users/{target.Id}/{path}", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        await (await user.Client.DeleteAsync($"/api/v1/admin/users/{target.Id}/admin")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        (await AuditActionsAsync(target.Id)).Should().BeEmpty();
        (await LoginAsync(target.Username, ApiTestExtensions.Password)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private Task<HttpResponseMessage> LoginAsync(string username, string password) =>
        _factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { username, password });

    private async Task<List<string>> AuditActionsAsync(Guid target) =>
        (await (await _admin.Client.GetAsync($"/api/v1/admin/audit?targetId={target}")).ReadJsonAsync())
        .GetProperty("items").EnumerateArray().Select(r => r.GetProperty("action").GetString()!).ToList();
}
