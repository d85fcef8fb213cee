using Chat.Api.WebClient;
using Chat.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Chat.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ClientPageTests(ChromiumFixture chromium)
{
    [BrowserFact]
    public async Task The_client_is_served_at_the_root_under_its_policy_and_runs_without_a_violation()
    {
        await using var server = await ChatServer.StartAsync();
        await using var context = await chromium.NewContextAsync(server.BaseUrl);
        var violations = await CspViolations.AttachAsync(context);
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/");

        response!.Status.Should().Be(200);
        (await response.HeaderValueAsync("content-security-policy")).Should().Be(WebClientSetup.ContentSecurityPolicy);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Chat" })).ToBeVisibleAsync();
        violations.All.Should().BeEmpty();
    }

    [BrowserFact]
    public async Task The_violation_listener_reports_an_inline_script_and_style_that_the_policy_blocks()
    {
        await using var server = await ChatServer.StartAsync();
        await using var context = await chromium.NewContextAsync(server.BaseUrl);
        var violations = await CspViolations.AttachAsync(context);
        var page = await context.NewPageAsync();
        // A page under the client's policy that breaks it, to prove the listener the other tests rely on can fail them.
        await page.RouteAsync("**/csp-probe", route => route.FulfillAsync(new()
        {
            Status = 200,
            ContentType = "text/html",
            Headers = new Dictionary<string, string> { ["Content-Security-Policy"] = WebClientSetup.ContentSecurityPolicy },
            Body = "<!doctype html><p style=\"color:red\">probe</p><script>document.title = 'ran';</script>",
        }));

        await page.GotoAsync("/csp-probe");

        await Assertions.Expect(page.GetByText("probe")).ToBeVisibleAsync();
        (await page.TitleAsync()).Should().NotBe("ran");
        // Reports arrive through a binding, a moment after the page has loaded.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !(violations.All.Any(v => v.Contains("script-src")) && violations.All.Any(v => v.Contains("style-src"))))
        {
            await Task.Delay(100);
        }

        violations.All.Should().Contain(v => v.Contains("script-src")).And.Contain(v => v.Contains("style-src"));
    }
}
