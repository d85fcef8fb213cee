using Chat.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.Browser.Tests;

/// <summary>Two people in two browser contexts: sign up, befriend, chat live both ways, typing, read ticks, edit, delete, react.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ChatFlowTests(ChromiumFixture chromium)
{
    [BrowserFact]
    public async Task Two_people_befriend_and_chat_live_with_typing_ticks_edits_deletes_and_reactions()
    {
        await using var server = await ChatServer.StartAsync();
        await using var aliceContext = await chromium.NewContextAsync(server.BaseUrl);
        await using var bobContext = await chromium.NewContextAsync(server.BaseUrl);
        var aliceViolations = await CspViolations.AttachAsync(aliceContext);
        var bobViolations = await CspViolations.AttachAsync(bobContext);

        var alice = await ChatPage.SignUpAsync(aliceContext, "alice");
        var bob = await ChatPage.SignUpAsync(bobContext, "bob");

        // Friends: the request reaches bob live; his acceptance reaches alice live.
        await alice.RequestFriendshipAsync("bob");
        await bob.NavigateAsync("Friends");
        await Expect(bob.Page.GetByRole(AriaRole.Button, new() { Name = "Accept alice" })).ToBeVisibleAsync();
        await bob.AcceptFriendshipAsync("alice");
        await Expect(alice.Page.Locator("[data-friend='bob']")).ToBeVisibleAsync();
        await Expect(alice.Page.Locator("[data-friend='bob'] .presence.online")).ToBeVisibleAsync();

        // alice writes first; bob sees the conversation appear with an unread badge, then the message.
        await alice.MessageFriendAsync("bob");
        await alice.SendAsync("Hello Bob! See https://example.org/page and javascript:alert(1)");
        var first = alice.MessageContaining("Hello Bob!");
        await Expect(first.Locator(".status")).ToHaveAttributeAsync("data-status", new System.Text.RegularExpressions.Regex("sent|delivered"));
        await bob.NavigateAsync("Chats");
        await Expect(bob.Page.Locator(".conversation-item", new() { HasText = "Alice" }).Locator(".badge.unread")).ToHaveTextAsync("1");
        await bob.OpenConversationAsync("Alice");
        await Expect(bob.MessageContaining("Hello Bob!")).ToBeVisibleAsync();

        // Only http(s)/mailto become links, opened safely; the javascript: text stays text.
        var link = bob.MessageContaining("Hello Bob!").Locator("a");
        await Expect(link).ToHaveCountAsync(1);
        await Expect(link).ToHaveAttributeAsync("href", "https://example.org/page");
        await Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer");

        // Read ticks: bob has the conversation open, so alice's message turns "read".
        await Expect(first.Locator(".status")).ToHaveAttributeAsync("data-status", "read");
        await Expect(bob.Page.Locator(".conversation-item", new() { HasText = "Alice" }).Locator(".badge.unread")).ToHaveCountAsync(0);

        // Typing: bob types, alice sees it; then bob's reply arrives live.
        await bob.Page.GetByLabel("Message", new() { Exact = true }).PressSequentiallyAsync("Hi Al");
        await Expect(alice.Page.Locator(".typing")).ToHaveTextAsync("Bob is typing…");
        await bob.Page.GetByLabel("Message", new() { Exact = true }).FillAsync("Hi Alice <b>not bold</b>");
        await bob.Page.GetByLabel("Message", new() { Exact = true }).PressAsync("Enter");
        await Expect(alice.Message("Hi Alice <b>not bold</b>")).ToBeVisibleAsync();
        await Expect(alice.Message("Hi Alice <b>not bold</b>").Locator("b")).ToHaveCountAsync(0);
        await Expect(alice.Page.Locator(".typing")).ToHaveTextAsync("");

        // Edit: bob sees the new text and "(edited)".
        await first.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await alice.Page.GetByLabel("Edit message").FillAsync("Hello Bob, edited");
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var edited = bob.Message("Hello Bob, edited");
        await Expect(edited).ToBeVisibleAsync();
        await Expect(edited.Locator(".edited")).ToHaveTextAsync("(edited)");

        // React: bob reacts to alice's message; alice sees the count.
        await edited.GetByRole(AriaRole.Button, new() { Name = "React", Exact = true }).ClickAsync();
        await edited.GetByRole(AriaRole.Button, new() { Name = "React with 👍" }).ClickAsync();
        await Expect(alice.Message("Hello Bob, edited").Locator(".reaction[data-emoji='👍']")).ToHaveTextAsync("👍 1");
        await Expect(edited.Locator(".reaction[data-emoji='👍']")).ToHaveAttributeAsync("aria-pressed", "true");

        // Delete: bob deletes his message; alice sees a tombstone where it was.
        var reply = bob.Message("Hi Alice <b>not bold</b>");
        await reply.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await reply.GetByRole(AriaRole.Button, new() { Name = "Confirm delete" }).ClickAsync();
        await Expect(alice.Messages.Nth(1).Locator(".tombstone")).ToHaveTextAsync("This message was deleted.");
        await Expect(alice.Page.GetByText("Hi Alice <b>not bold</b>")).ToHaveCountAsync(0);

        // Every message shown once, in order, on both sides.
        (await alice.Messages.CountAsync()).Should().Be(2);
        (await bob.Messages.CountAsync()).Should().Be(2);

        await alice.ScreenshotAsync("conversation-desktop");
        await alice.Page.SetViewportSizeAsync(360, 740);
        await alice.ScreenshotAsync("conversation-phone");
        await alice.NavigateAsync("Chats");
        await alice.ScreenshotAsync("conversations-phone");
        await bob.NavigateAsync("Friends");
        await bob.ScreenshotAsync("friends-desktop");

        aliceViolations.All.Should().BeEmpty();
        bobViolations.All.Should().BeEmpty();
    }
}
