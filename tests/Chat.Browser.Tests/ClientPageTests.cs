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
}
