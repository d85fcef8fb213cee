using System.Text.Json;
using Chat.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.Browser.Tests;

/// <summary>
/// axe-core (from src/Chat.Web/node_modules, installed by npm ci) over the main screens, light at desktop width and dark at
/// phone width. The context bypasses the CSP only so that injecting axe is not itself a violation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(ChromiumFixture chromium)
{
    private static readonly string AxePath = AxeFactAttribute.AxePath;

    [AxeFact]
    public async Task The_main_screens_have_no_serious_or_critical_accessibility_violations_in_light_and_dark()
    {
        File.Exists(AxePath).Should().BeTrue("axe-core comes from `npm ci` in src/Chat.Web, which .ci/run runs");
        await using var server = await ChatServer.StartAsync();
        var erin = await ApiUser.RegisterAsync(server, "erin");
        var finn = await ApiUser.RegisterAsync(server, "finn");
        var conversation = await erin.BefriendAsync(finn);
        await finn.SendAsync(conversation, "Hi Erin, see https://example.org");
        await erin.SendAsync(conversation, "Hello Finn @finn");
        var failures = new List<string>();

        foreach (var (scheme, width, height) in new[] { (ColorScheme.Light, 1280, 800), (ColorScheme.Dark, 360, 740) })
        {
            await using var context = await chromium.NewContextAsync(server.BaseUrl, width, height, bypassCsp: true, colorScheme: scheme);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/");
            await Expect(page.GetByLabel("Username")).ToBeVisibleAsync();
            failures.AddRange(await CheckAsync(page, $"sign-in ({scheme}, {width}px)"));

            var chat = await ChatPage.SignInAsync(context, "erin");
            await chat.Page.ScreenshotAsync(new() { Path = ScreenshotPath($"conversations-{scheme.ToString().ToLowerInvariant()}-{width}") });
            failures.AddRange(await CheckAsync(chat.Page, $"conversation list ({scheme}, {width}px)"));
            await chat.OpenConversationAsync("Finn");
            await Expect(chat.Message("Hello Finn @finn")).ToBeVisibleAsync();
            failures.AddRange(await CheckAsync(chat.Page, $"conversation ({scheme}, {width}px)"));
            foreach (var screen in new[] { "Friends", "Rooms", "Profile" })
            {
                await chat.NavigateAsync(screen);
                await Expect(chat.Page.GetByRole(AriaRole.Heading, new() { Name = screen, Exact = true })).ToBeVisibleAsync();
                failures.AddRange(await CheckAsync(chat.Page, $"{screen} ({scheme}, {width}px)"));
            }
        }

        failures.Should().BeEmpty();
    }

    private static async Task<IEnumerable<string>> CheckAsync(IPage page, string screen)
    {
        if (await page.EvaluateAsync<bool>("() => typeof window.axe === 'undefined'"))
        {
            await page.AddScriptTagAsync(new() { Path = AxePath });
        }

        var found = await page.EvaluateAsync<JsonElement>(
            """
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', '))
            """);
        return found.EnumerateArray().Select(v => screen + ": " + v.GetString());
    }

    private static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(BrowserEnvironment.RepositoryRoot, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }
}
