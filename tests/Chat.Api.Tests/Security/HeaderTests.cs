using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Api.Tests.Security;

/// <summary>Issue 10 §7: every answer carries the right headers and shape.</summary>
public sealed class HeaderTests
{
    [Fact]
    public async Task Token_and_ticket_answers_are_never_stored_and_every_answer_says_nosniff()
    {
        await using var factory = await ChatApiFactory.CreateAsync();
        var client = factory.CreateClient();
        var register = await client.PostAsJsonAsync("/api/v1/auth/register", new { username = "headers", password = ApiTestExtensions.Password });
        var body = await register.ReadJsonAsync();
        var user = TestUser.Authorize(factory.CreateClient(), body.GetProperty("accessToken").GetString()!);

        var answers = new Dictionary<string, HttpResponseMessage>
        {
            ["register"] = register,
            ["login"] = await client.PostAsJsonAsync("/api/v1/auth/login", new { username = "headers", password = ApiTestExtensions.Password }),
            ["refresh"] = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = body.GetProperty("refreshToken").GetString() }),
            ["token"] = await client.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["username"] = "headers", ["password"] = ApiTestExtensions.Password,
            })),
            ["failed login"] = await client.PostAsJsonAsync("/api/v1/auth/login", new { username = "headers", password = "wrong-password" }),
            ["ticket"] = await user.PostAsync("/api/v1/realtime/ticket", null),
        };

        foreach (var (name, answer) in answers)
        {
            answer.Headers.CacheControl?.NoStore.Should().BeTrue(name);
            answer.Headers.GetValues("X-Content-Type-Options").Should().Equal(["nosniff"], name);
        }

        var me = await user.GetAsync("/api/v1/users/me");
        var missing = await client.GetAsync("/api/v1/nothing-here");
        me.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        missing.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        me.Headers.CacheControl?.NoStore.Should().NotBe(true);
    }

    [Fact]
    public async Task Swagger_is_on_by_default_and_can_be_turned_off()
    {
        await using var on = await ChatApiFactory.CreateAsync();
        await using var off = await ChatApiFactory.CreateAsync(new Dictionary<string, string?> { ["Chat:Swagger:Enabled"] = "false" });

        (await on.CreateClient().GetAsync("/swagger/v1/swagger.json")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await off.CreateClient().GetAsync("/swagger/v1/swagger.json")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await off.CreateClient().GetAsync("/swagger/index.html")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Hsts_and_https_redirection_are_options_off_by_default()
    {
        await using var plain = await ChatApiFactory.CreateAsync();
        await using var strict = await ChatApiFactory.CreateAsync(new Dictionary<string, string?>
        {
            ["Chat:Https:Hsts"] = "true", ["Chat:Https:RedirectHttp"] = "true", ["https_port"] = "443",
        });
        var secure = new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://chat.example.com"), AllowAutoRedirect = false };
        var insecure = new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://chat.example.com"), AllowAutoRedirect = false };

        var hsts = await strict.CreateClient(secure).GetAsync("/health/live");
        var redirected = await strict.CreateClient(insecure).GetAsync("/health/live");
        var none = await plain.CreateClient(secure).GetAsync("/health/live");
        var stays = await plain.CreateClient(insecure).GetAsync("/health/live");

        hsts.Headers.GetValues("Strict-Transport-Security").Single().Should().Contain("max-age=31536000");
        redirected.StatusCode.Should().Be(HttpStatusCode.TemporaryRedirect);
        redirected.Headers.Location!.Scheme.Should().Be("https");
        none.Headers.Contains("Strict-Transport-Security").Should().BeFalse();
        stays.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/api/v1/auth/register", false)]
    [InlineData("/api/v1/auth/login", false)]
    [InlineData("/api/v1/rooms", true)]
    public async Task A_two_megabyte_body_gets_a_readable_413_problem_over_a_real_socket_signed_in_or_not(string path, bool signedIn)
    {
        await using var factory = await ChatApiFactory.CreateAsync();
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        if (signedIn)
        {
            var user = await factory.RegisterUserAsync("big");
            TestUser.Authorize(http, user.AccessToken);
        }

        var big = new string('x', 2 * 1024 * 1024);
        var response = await http.PostAsync(path, new StringContent($"{{\"username\":\"{big}\"}}", System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }
}
