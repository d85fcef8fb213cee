using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Hosting;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;

namespace Chat.Api.Tests.Security;

/// <summary>Issue 10 §6: nobody becomes an administrator by registering a name.</summary>
public sealed class AdminTests
{
    private const string BootstrapPassword = "bootstrap-admin-passphrase";

    [Fact]
    public async Task A_name_in_Chat_Admins_without_an_account_is_reserved_and_grants_nothing() =>
        await ReservedNamesAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public async Task A_name_in_Chat_Admins_without_an_account_is_reserved_on_postgres() =>
        await ReservedNamesAsync(DatabaseProvider.Postgres);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public async Task A_name_in_Chat_Admins_without_an_account_is_reserved_on_sql_server() =>
        await ReservedNamesAsync(DatabaseProvider.SqlServer);

    [Fact]
    public async Task The_bootstrap_administrator_is_created_at_start_up_and_reaches_admin_endpoints()
    {
        await using var factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?>
        {
            ["Chat:Bootstrap:AdminUsername"] = "root",
            ["Chat:Bootstrap:AdminPassword"] = BootstrapPassword,
        });
        var user = await factory.RegisterUserAsync("plain");

        var admin = await LoginAsync(factory, "root", BootstrapPassword);

        (await admin.GetAsync("/api/v1/admin/stats")).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await user.Client.GetAsync("/api/v1/admin/stats")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task The_admin_grant_command_makes_an_existing_account_an_administrator_and_refuses_an_unknown_one()
    {
        await using var factory = await ChatApiFactory.CreateAsync();
        var user = await factory.RegisterUserAsync("promoted");
        await (await user.Client.GetAsync("/api/v1/admin/stats")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var granted = await ChatProcess.RunAsync(ChatProcess.SettingsOf(factory), "admin", "grant", user.Username);
        var unknown = await ChatProcess.RunAsync(ChatProcess.SettingsOf(factory), "admin", "grant", "nobody_at_all");

        granted.ExitCode.Should().Be(0, granted.StandardError);
        unknown.ExitCode.Should().Be((int)ExitCode.Usage);
        unknown.StandardError.Trim().Split('\n').Should().ContainSingle().Which.Should().Contain("nobody_at_all");
        var admin = await LoginAsync(factory, user.Username, ApiTestExtensions.Password);
        (await admin.GetAsync("/api/v1/admin/stats")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task ReservedNamesAsync(DatabaseProvider provider)
    {
        await using var factory = await ChatApiFactory.CreateAsync(provider, new Dictionary<string, string?> { ["Chat:Admins"] = "opsadmin,secops" });
        var client = factory.CreateClient();

        var taken = await client.PostAsJsonAsync("/api/v1/auth/register", new { username = "secops", password = ApiTestExtensions.Password });
        var otherCase = await client.PostAsJsonAsync("/api/v1/auth/register", new { username = "SecOps", password = ApiTestExtensions.Password });

        await taken.ShouldBeProblemAsync(HttpStatusCode.Conflict, "username_taken");
        await otherCase.ShouldBeProblemAsync(HttpStatusCode.Conflict, "username_taken");
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { username = "secops", password = ApiTestExtensions.Password });
        await login.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    private static async Task<HttpClient> LoginAsync(ChatApiFactory factory, string username, string password)
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { username, password });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return TestUser.Authorize(factory.CreateClient(), (await response.ReadJsonAsync()).GetProperty("accessToken").GetString()!);
    }
}
