using System.Net;
using System.Text.Json;
using Chat.Browser.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Browser.Tests;

/// <summary>
/// A page of another app, served from another origin (a second loopback server), calls the REST API and opens the
/// socket: Chromium's own CORS and origin rules decide, against <c>Chat:Cors:AllowedOrigins</c>.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CorsTests(ChromiumFixture chromium)
{
    // Signs in, takes a ticket and opens the socket from the page; reports how far it got.
    private const string SignInAndConnect = """
        async ({ api, username, password }) => {
          const result = { login: 0, ticket: 0, socket: '', error: '' };
          try {
            const login = await fetch(api + '/api/v1/auth/login', { method: 'POST',
              headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
            result.login = login.status;
            const { accessToken } = await login.json();
            const ticket = await fetch(api + '/api/v1/realtime/ticket', { method: 'POST', headers: { Authorization: 'Bearer ' + accessToken } });
            result.ticket = ticket.status;
            result.socket = await openSocket(api, (await ticket.json()).ticket);
          } catch (e) {
            result.error = String(e);
          }
          return result;
        }
        """;

    // A function expression, so Playwright runs it once instead of calling what the assignment returns.
    private const string OpenSocketHelper = """
        () => {
          window.openSocket = (api, ticket) => new Promise(resolve => {
            const ws = new WebSocket(api.replace(/^http/, 'ws') + '/ws?ticket=' + encodeURIComponent(ticket));
            ws.onmessage = e => { resolve(JSON.parse(e.data).type); ws.close(); };
            ws.onerror = () => resolve('refused');
          });
        }
        """;

    [BrowserFact]
    public async Task A_page_from_an_allowed_origin_calls_the_api_and_opens_the_socket()
    {
        await using var app = await OtherApp.StartAsync();
        await using var server = await ChatServer.StartAsync(new Dictionary<string, string?> { ["Chat:Cors:AllowedOrigins"] = app.Origin });
        var user = await ApiUser.RegisterAsync(server, "corsa");
        var page = await OpenAppPageAsync(app);

        var result = await page.EvaluateAsync<JsonElement>(SignInAndConnect, new { api = server.BaseUrl, username = user.Username, password = ChatPage.Password });

        result.GetProperty("error").GetString().Should().BeEmpty();
        result.GetProperty("login").GetInt32().Should().Be(200);
        result.GetProperty("ticket").GetInt32().Should().Be(200);
        result.GetProperty("socket").GetString().Should().Be("connection_established");
    }

    [BrowserFact]
    public async Task A_page_from_an_origin_not_allowed_is_refused_by_the_api_and_the_socket()
    {
        await using var app = await OtherApp.StartAsync();
        await using var server = await ChatServer.StartAsync();
        var user = await ApiUser.RegisterAsync(server, "corsb");
        var page = await OpenAppPageAsync(app);

        var result = await page.EvaluateAsync<JsonElement>(SignInAndConnect, new { api = server.BaseUrl, username = user.Username, password = ChatPage.Password });

        result.GetProperty("login").GetInt32().Should().Be(0, "the browser refuses to hand the page the answer");
        result.GetProperty("error").GetString().Should().Contain("Failed to fetch");

        // Even holding a valid ticket (got outside the browser), the page's socket is refused for its origin.
        var ticket = await (await user.Client.PostAsync("/api/v1/realtime/ticket", null)).Content.ReadAsStringAsync();
        var socket = await page.EvaluateAsync<string>("([api, t]) => openSocket(api, JSON.parse(t).ticket)", new[] { server.BaseUrl, ticket });
        socket.Should().Be("refused");
    }

    private async Task<Microsoft.Playwright.IPage> OpenAppPageAsync(OtherApp app)
    {
        var context = await chromium.NewContextAsync(app.Origin);
        var page = await context.NewPageAsync();
        (await page.GotoAsync("/"))!.Status.Should().Be(200);
        await page.EvaluateAsync(OpenSocketHelper);
        return page;
    }

    /// <summary>Another app's page on its own loopback port: a different origin from the Chat server's.</summary>
    private sealed class OtherApp(WebApplication app, string origin) : IAsyncDisposable
    {
        public string Origin { get; } = origin;

        public static async Task<OtherApp> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.MapGet("/", () => Results.Content("<!doctype html><title>Another app</title><h1>Another app</h1>", "text/html"));
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return new OtherApp(app, address.TrimEnd('/'));
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
