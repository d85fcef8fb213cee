using Chat.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class HistoryAndGroupTests(ChromiumFixture chromium)
{
    [BrowserFact]
    public async Task Older_history_pages_in_above_without_moving_what_the_reader_sees()
    {
        await using var server = await ChatServer.StartAsync();
        var erin = await ApiUser.RegisterAsync(server, "erin");
        var finn = await ApiUser.RegisterAsync(server, "finn");
        var conversation = await erin.BefriendAsync(finn);
        for (var i = 1; i <= 120; i++)
        {
            await finn.SendAsync(conversation, $"m {i:000}");
        }

        await using var context = await chromium.NewContextAsync(server.BaseUrl);
        var violations = await CspViolations.AttachAsync(context);
        var page = await ChatPage.SignInAsync(context, "erin");
        await page.OpenConversationAsync("Finn");
        await Expect(page.Messages).ToHaveCountAsync(50);
        (await page.MessageTextsAsync()).First().Should().Be("m 071");

        // Scroll to the top: the page before the oldest (keyset on seq) comes in above, and "m 071" stays where the reader
        // saw it. Its place is read in the same script that scrolls, before the older page can arrive.
        var anchor = page.Message("m 071");
        var before = await page.Page.Locator(".history").EvaluateAsync<float>(
            "history => { history.scrollTop = 0; const row = [...history.querySelectorAll('li.message')].find(li => li.querySelector('.content')?.textContent === 'm 071'); return row.getBoundingClientRect().top; }");
        await Expect(page.Message("m 021")).ToBeAttachedAsync();
        var after = (await anchor.BoundingBoxAsync())!.Y;
        Math.Abs(after - before).Should().BeLessThan(100, "the message in view must not jump when older ones load above it");

        await page.Page.Locator(".history").EvaluateAsync("history => history.scrollTop = 0");
        await Expect(page.Messages).ToHaveCountAsync(120);
        await Expect(page.Page.GetByText("This is the beginning of the conversation.")).ToBeVisibleAsync();
        (await page.MessageTextsAsync()).Should().Equal(Enumerable.Range(1, 120).Select(i => $"m {i:000}"));
        violations.All.Should().BeEmpty();
    }

    [BrowserFact]
    public async Task A_group_is_created_with_a_friend_who_hears_it_live_and_can_leave()
    {
        await using var server = await ChatServer.StartAsync();
        var gus = await ApiUser.RegisterAsync(server, "gus");
        var hana = await ApiUser.RegisterAsync(server, "hana");
        await gus.BefriendAsync(hana);
        await using var gusContext = await chromium.NewContextAsync(server.BaseUrl);
        await using var hanaContext = await chromium.NewContextAsync(server.BaseUrl);
        var violations = new[] { await CspViolations.AttachAsync(gusContext), await CspViolations.AttachAsync(hanaContext) };
        var gusPage = await ChatPage.SignInAsync(gusContext, "gus");
        var hanaPage = await ChatPage.SignInAsync(hanaContext, "hana");

        await gusPage.Page.GetByRole(AriaRole.Link, new() { Name = "New group" }).ClickAsync();
        await gusPage.Page.GetByLabel("Group name").FillAsync("Trip");
        await gusPage.Page.GetByLabel("Hana @hana").CheckAsync();
        await gusPage.Page.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await Expect(gusPage.Page.GetByRole(AriaRole.Heading, new() { Name = "Trip" })).ToBeVisibleAsync();
        await gusPage.SendAsync("Group hello");

        await Expect(hanaPage.Page.Locator(".conversation-item", new() { HasText = "Trip" })).ToBeVisibleAsync();
        await hanaPage.OpenConversationAsync("Trip");
        await Expect(hanaPage.Message("Group hello")).ToBeVisibleAsync();
        await hanaPage.Page.GetByRole(AriaRole.Button, new() { Name = "Members" }).ClickAsync();
        await Expect(hanaPage.Page.Locator(".members-panel .people li")).ToHaveCountAsync(2);
        await hanaPage.Page.GetByRole(AriaRole.Button, new() { Name = "Leave group" }).ClickAsync();
        await Expect(hanaPage.Page.Locator(".conversation-item", new() { HasText = "Trip" })).ToHaveCountAsync(0);
        violations.SelectMany(v => v.All).Should().BeEmpty();
    }
}
