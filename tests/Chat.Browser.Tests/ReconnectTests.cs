using Chat.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Chat.Browser.Tests;

/// <summary>A dropped connection (cut by a loopback TCP proxy) comes back with nothing missing or doubled.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReconnectTests(ChromiumFixture chromium)
{
    [BrowserFact]
    public async Task After_a_cut_the_page_catches_up_every_message_once_in_order_and_delivers_what_was_written_meanwhile()
    {
        // carol's tab talks to the server only through the proxy the test cuts; dave's through one that stays up. Their
        // origins are the proxies', so the server is told to accept them for sockets.
        await using var proxy = new TcpProxy();
        await using var daveProxy = new TcpProxy();
        await using var server = await ChatServer.StartAsync(new Dictionary<string, string?>
        {
            ["Chat:Realtime:AllowedOrigins:0"] = proxy.BaseUrl,
            ["Chat:Realtime:AllowedOrigins:1"] = daveProxy.BaseUrl,
        });
        proxy.TargetPort = daveProxy.TargetPort = server.Port;
        var carol = await ApiUser.RegisterAsync(server, "carol");
        var dave = await ApiUser.RegisterAsync(server, "dave");
        await carol.BefriendAsync(dave);

        await using var carolContext = await chromium.NewContextAsync(proxy.BaseUrl);
        await using var daveContext = await chromium.NewContextAsync(daveProxy.BaseUrl);
        var violations = await CspViolations.AttachAsync(carolContext);
        var daveViolations = await CspViolations.AttachAsync(daveContext);
        var carolPage = await ChatPage.SignInAsync(carolContext, "carol");
        var davePage = await ChatPage.SignInAsync(daveContext, "dave");
        await carolPage.OpenConversationAsync("Dave");
        await davePage.OpenConversationAsync("Carol");
        await davePage.SendAsync("before the cut");
        await Expect(carolPage.Message("before the cut")).ToBeVisibleAsync();

        proxy.Stop();
        await Expect(carolPage.Page.GetByRole(Microsoft.Playwright.AriaRole.Status).Filter(new() { HasText = "Reconnecting…" })).ToBeVisibleAsync();

        // carol writes while away: it waits as "Sending…" and is sent once, with the same clientMessageId, after the cut.
        await carolPage.SendAsync("written while away");
        await Expect(carolPage.MessageContaining("written while away").Locator(".sending")).ToHaveTextAsync("Sending…");

        var expected = new List<string> { "before the cut" };
        for (var i = 1; i <= 20; i++)
        {
            await davePage.SendAsync($"missed {i:00}");
            expected.Add($"missed {i:00}");
        }

        // All twenty stored (acknowledged) before carol's connection comes back.
        await Expect(davePage.Message("missed 20")).ToBeVisibleAsync();
        await Expect(davePage.Page.Locator("li.message.pending")).ToHaveCountAsync(0);
        proxy.Start();

        await Expect(carolPage.Page.Locator(".connection")).ToHaveAttributeAsync("data-state", "open", new() { Timeout = 30_000 });
        // The message written while away is acknowledged (no longer "Sending…") and everything shows once.
        await Expect(carolPage.Page.Locator("li.message.pending")).ToHaveCountAsync(0);
        await Expect(carolPage.Message("written while away")).ToBeVisibleAsync();
        await Expect(carolPage.Messages).ToHaveCountAsync(22);
        // Stored after the cut ended, so it follows dave's twenty.
        expected.Add("written while away");
        (await carolPage.MessageTextsAsync()).Should().Equal(expected);

        // dave got carol's message exactly once.
        await Expect(davePage.Message("written while away")).ToHaveCountAsync(1);
        violations.All.Should().BeEmpty();
        daveViolations.All.Should().BeEmpty();
    }
}
