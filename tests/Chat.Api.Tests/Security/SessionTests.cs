using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Chat.Api.Tests.Infrastructure;
using Chat.Api.Tests.Realtime;
using Chat.Domain.Users;
using Chat.Infrastructure.Persistence;
using Chat.Infrastructure.Realtime;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Chat.Api.Tests.Security;

/// <summary>
/// Issue 10 §1: a session (login) ends when it should — its access tokens are refused, its tickets too, and its
/// sockets are closed with 4001; a socket lives no longer than its credential (4002) unless renewed in band.
/// </summary>
public sealed class SessionTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ChatApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Logout_closes_the_logins_socket_and_its_access_token_gets_no_more_answers_tickets_or_sockets()
    {
        var user = await _factory.RegisterUserAsync("logout");
        await using var socket = await TestSocket.OpenAsync(_factory, "/ws?token=" + user.AccessToken);

        (await user.Client.PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = user.RefreshToken })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await socket.WaitForCloseAsync()).Should().Be(SocketCloseCodes.SessionEnded);
        await (await user.Client.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await user.Client.PostAsync("/api/v1/realtime/ticket", null)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        var reopen = () => TestSocket.ConnectAsync(_factory, "/ws?token=" + user.AccessToken);
        (await reopen.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*401*");
    }

    [Fact]
    public async Task A_ticket_bought_before_logout_opens_nothing_after_it()
    {
        var user = await _factory.RegisterUserAsync("ticket");
        var ticket = (await (await user.Client.PostAsync("/api/v1/realtime/ticket", null)).ReadJsonAsync()).GetProperty("ticket").GetString()!;

        await user.Client.PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = user.RefreshToken });

        var open = () => TestSocket.ConnectAsync(_factory, "/ws?ticket=" + Uri.EscapeDataString(ticket));
        (await open.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*401*");
    }

    [Fact]
    public async Task Logout_everywhere_ends_every_login_of_the_user_and_no_one_elses()
    {
        var user = await _factory.RegisterUserAsync("everywhere");
        var second = await LoginAsync(user.Username);
        var bystander = await _factory.RegisterUserAsync("bystander");
        await using var first = await TestSocket.OpenAsync(_factory, user);
        await using var other = await TestSocket.OpenAsync(_factory, "/ws?token=" + second.AccessToken);
        await using var untouched = await TestSocket.OpenAsync(_factory, bystander);

        (await user.Client.PostAsync("/api/v1/auth/logout-all", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await first.WaitForCloseAsync()).Should().Be(SocketCloseCodes.SessionEnded);
        (await other.WaitForCloseAsync()).Should().Be(SocketCloseCodes.SessionEnded);
        (await Bearer(second.AccessToken).GetAsync("/api/v1/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await _factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = second.RefreshToken })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await bystander.Client.GetAsync("/api/v1/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        await untouched.SendAsync(new { type = "ping", @ref = "still" });
        (await untouched.ExpectAsync("pong")).GetProperty("ref").GetString().Should().Be("still");
    }

    [Fact]
    public async Task A_password_change_needs_the_current_password_and_ends_every_other_login_but_this_one()
    {
        var user = await _factory.RegisterUserAsync("passwd");
        var other = await LoginAsync(user.Username);
        await using var otherSocket = await TestSocket.OpenAsync(_factory, "/ws?token=" + other.AccessToken);
        await using var ownSocket = await TestSocket.OpenAsync(_factory, user);

        var wrong = await user.Client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = "not-the-password", newPassword = "a-brand-new-passphrase" });
        await wrong.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "invalid_credentials");
        var weak = await user.Client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = ApiTestExtensions.Password, newPassword = "short" });
        await weak.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        var changed = await user.Client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = ApiTestExtensions.Password, newPassword = "a-brand-new-passphrase" });

        changed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await otherSocket.WaitForCloseAsync()).Should().Be(SocketCloseCodes.SessionEnded);
        (await Bearer(other.AccessToken).GetAsync("/api/v1/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        await ownSocket.SendAsync(new { type = "ping" });
        await ownSocket.ExpectAsync("pong");
        (await _factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { username = user.Username, password = ApiTestExtensions.Password }))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await _factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { username = user.Username, password = "a-brand-new-passphrase" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Refresh_token_reuse_ends_the_login_so_old_and_new_access_tokens_and_their_sockets_stop()
    {
        var user = await _factory.RegisterUserAsync("reuse");
        var rotated = await (await _factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })).ReadJsonAsync();
        var newAccess = rotated.GetProperty("accessToken").GetString()!;
        await using var oldSocket = await TestSocket.OpenAsync(_factory, user);
        await using var newSocket = await TestSocket.OpenAsync(_factory, "/ws?token=" + newAccess);

        var reuse = await _factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken });

        await reuse.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "refresh_token_reused");
        (await oldSocket.WaitForCloseAsync()).Should().Be(SocketCloseCodes.SessionEnded);
        (await newSocket.WaitForCloseAsync()).Should().Be(SocketCloseCodes.SessionEnded);
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Bearer(newAccess).GetAsync("/api/v1/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("POST", "/api/v1/rooms", "{\"name\":\"r\",\"isPublic\":true}")]
    [InlineData("POST", "/api/v1/friends/requests", "{\"username\":\"someone\"}")]
    [InlineData("POST", "/api/v1/blocks", "{\"userId\":\"0196a1b2-0000-7000-8000-000000000001\"}")]
    [InlineData("POST", "/api/v1/conversations/group", "{\"name\":\"g\",\"memberIds\":[]}")]
    [InlineData("GET", "/api/v1/users/me", null)]
    [InlineData("POST", "/api/v1/realtime/ticket", null)]
    public async Task A_well_signed_token_of_a_user_that_does_not_exist_is_401_everywhere(string method, string path, string? body)
    {
        var client = Bearer(Sign(new Claim("sub", Guid.CreateVersion7().ToString()), new Claim("sid", Guid.CreateVersion7().ToString())));

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        });

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_deleted_users_token_and_malformed_claims_are_401_and_open_no_socket()
    {
        var user = await _factory.RegisterUserAsync("deleted");
        await using (var db = _factory.Database.CreateContext())
        {
            await db.Set<User>().Where(u => u.Id == user.Id).ExecuteDeleteAsync();
        }

        var notAGuid = Sign(new Claim("sub", "not-a-guid"), new Claim("sid", Guid.CreateVersion7().ToString()));
        var noSession = Sign(new Claim("sub", user.Id.ToString()));

        await (await user.Client.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await Bearer(notAGuid).GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await Bearer(noSession).GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        var open = () => TestSocket.ConnectAsync(_factory, "/ws?token=" + user.AccessToken);
        (await open.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*401*");
    }

    [Fact]
    public async Task A_socket_closes_when_its_credential_expires_unless_renewed_in_band()
    {
        await using var factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?> { ["Chat:Jwt:AccessTokenSeconds"] = "3" });
        var user = await factory.RegisterUserAsync("expiry");
        var ticket = (await (await user.Client.PostAsync("/api/v1/realtime/ticket", null)).ReadJsonAsync()).GetProperty("ticket").GetString()!;
        await using var unrenewed = await TestSocket.OpenAsync(factory, "/ws?ticket=" + Uri.EscapeDataString(ticket));
        await using var renewed = await TestSocket.OpenAsync(factory, user);
        var expiresAt = renewed.Established.GetProperty("expiresAt").GetDateTime();

        var fresh = await (await factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })).ReadJsonAsync();
        await renewed.SendAsync(new { type = "reauthenticate", @ref = "r1", token = fresh.GetProperty("accessToken").GetString() });
        var answer = await renewed.ExpectAsync("reauthenticated");
        await renewed.SendAsync(new { type = "reauthenticate", @ref = "bad", token = "not-a-token" });
        var refused = await renewed.ExpectAsync("error");

        // The ticket's socket is bound to the access token's expiry, not the ticket's 30 s.
        (await unrenewed.WaitForCloseAsync()).Should().Be(SocketCloseCodes.CredentialsExpired);
        answer.GetProperty("ref").GetString().Should().Be("r1");
        answer.GetProperty("expiresAt").GetDateTime().Should().BeOnOrAfter(expiresAt);
        refused.GetProperty("code").GetString().Should().Be("unauthorized");
        refused.GetProperty("ref").GetString().Should().Be("bad");
        (await renewed.WaitForCloseAsync()).Should().Be(SocketCloseCodes.CredentialsExpired);
    }

    [Fact]
    public async Task Concurrent_refreshes_of_one_token_never_leave_a_working_successor_on_sqlite() =>
        await RefreshRaceAsync(_factory, rounds: 120);

    [PostgresFact]
    public Task Concurrent_refreshes_of_one_token_never_leave_a_working_successor_on_postgres() => Concurrent_refreshes_of_one_token_never_leave_a_working_successorAsync(DatabaseProvider.Postgres);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public Task Concurrent_refreshes_of_one_token_never_leave_a_working_successor_on_sql_server() => Concurrent_refreshes_of_one_token_never_leave_a_working_successorAsync(DatabaseProvider.SqlServer);

    private static async Task Concurrent_refreshes_of_one_token_never_leave_a_working_successorAsync(DatabaseProvider provider)
    {
        await using var factory = await ChatApiFactory.CreateAsync(provider);
        await RefreshRaceAsync(factory, rounds: 120);
    }

    // Two refreshes of the same token at the same instant: at most one wins, the other is reuse, and whatever the
    // winner got no longer refreshes or authenticates. Each round is its own login.
    private static async Task RefreshRaceAsync(ChatApiFactory factory, int rounds)
    {
        var user = await factory.RegisterUserAsync("race");
        var winners = 0;
        for (var round = 0; round < rounds; round++)
        {
            var login = await (await factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { username = user.Username, password = ApiTestExtensions.Password })).ReadJsonAsync();
            var token = login.GetProperty("refreshToken").GetString()!;
            using var start = new SemaphoreSlim(0);
            var racers = Enumerable.Range(0, 2).Select(async _ =>
            {
                await start.WaitAsync();
                return await factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = token });
            }).ToList();
            start.Release(2);
            var answers = await Task.WhenAll(racers).WaitAsync(TimeSpan.FromSeconds(60));

            answers.Count(a => a.StatusCode == HttpStatusCode.OK).Should().BeLessThanOrEqualTo(1);
            answers.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.OK || a.StatusCode == HttpStatusCode.Unauthorized);
            answers.Should().Contain(a => a.StatusCode == HttpStatusCode.Unauthorized);
            foreach (var ok in answers.Where(a => a.StatusCode == HttpStatusCode.OK))
            {
                winners++;
                var pair = await ok.ReadJsonAsync();
                var next = await factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = pair.GetProperty("refreshToken").GetString() });
                next.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"round {round}: the winner's successor must be revoked with its family");
                var me = await TestUser.Authorize(factory.CreateClient(), pair.GetProperty("accessToken").GetString()!).GetAsync("/api/v1/users/me");
                me.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"round {round}");
            }
        }

        winners.Should().BePositive("some rounds must have a winner, or the race was not run");
    }

    private async Task<(string AccessToken, string RefreshToken)> LoginAsync(string username)
    {
        var body = await (await _factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { username, password = ApiTestExtensions.Password })).ReadJsonAsync();
        return (body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!);
    }

    private HttpClient Bearer(string accessToken) => TestUser.Authorize(_factory.CreateClient(), accessToken);

    private static string Sign(params Claim[] claims)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = "chat",
            Audience = "chat",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(ChatApiFactory.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
