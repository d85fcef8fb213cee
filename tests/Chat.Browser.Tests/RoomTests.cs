using Chat.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.Browser.Tests;

/// <summary>A room: created by one person, found by a second through discovery, joined by a third through an invite link.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RoomTests(ChromiumFixture chromium)
{
    [BrowserFact]
    public async Task Three_people_talk_in_a_room_channel_joined_by_discovery_and_by_invite_link_with_mention_completion()
    {
        await using var server = await ChatServer.StartAsync();
        await using var ownerContext = await chromium.NewContextAsync(server.BaseUrl);
        await using var finderContext = await chromium.NewContextAsync(server.BaseUrl);
        await using var guestContext = await chromium.NewContextAsync(server.BaseUrl);
        var violations = new[]
        {
            await CspViolations.AttachAsync(ownerContext), await CspViolations.AttachAsync(finderContext), await CspViolations.AttachAsync(guestContext),
        };
        var owner = await ChatPage.SignUpAsync(ownerContext, "olivia");
        var finder = await ChatPage.SignUpAsync(finderContext, "frank");
        var guest = await ChatPage.SignUpAsync(guestContext, "gina");

        // olivia creates a public room and an invite link.
        await owner.NavigateAsync("Rooms");
        await owner.Page.GetByLabel("New room").FillAsync("Lobby");
        await owner.Page.GetByRole(AriaRole.Button, new() { Name = "Create room" }).ClickAsync();
        await Expect(owner.Page.GetByRole(AriaRole.Heading, new() { Name = "Lobby" })).ToBeVisibleAsync();
        await owner.Page.GetByRole(AriaRole.Button, new() { Name = "Create invite link" }).ClickAsync();
        var inviteLink = await owner.Page.GetByLabel("Invite link").InputValueAsync();
        inviteLink.Should().StartWith(server.BaseUrl + "/invite/");

        // frank finds it by discovery and joins.
        await finder.NavigateAsync("Rooms");
        await finder.Page.GetByLabel("Discover public rooms").FillAsync("lob");
        await finder.Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await finder.Page.GetByRole(AriaRole.Button, new() { Name = "Join Lobby" }).ClickAsync();
        await Expect(finder.Page.GetByRole(AriaRole.Heading, new() { Name = "Lobby" })).ToBeVisibleAsync();

        // gina opens the invite link (a deep link the server answers with the page) and joins.
        await guest.Page.GotoAsync(inviteLink);
        await guest.WaitConnectedAsync();
        await guest.Page.GetByRole(AriaRole.Button, new() { Name = "Join room" }).ClickAsync();
        await Expect(guest.Page.GetByRole(AriaRole.Heading, new() { Name = "Lobby" })).ToBeVisibleAsync();
        await Expect(guest.Page.Locator(".role[data-role='owner']")).ToBeVisibleAsync();
        await Expect(guest.Page.Locator(".people li")).ToHaveCountAsync(3);

        foreach (var person in new[] { owner, finder, guest })
        {
            await person.NavigateAsync("Rooms");
            await person.Page.GetByRole(AriaRole.Link, new() { Name = "Lobby" }).ClickAsync();
            await person.Page.GetByRole(AriaRole.Link, new() { Name = "# general" }).ClickAsync();
            await Expect(person.Page.GetByRole(AriaRole.Heading, new() { Name = "#general" })).ToBeVisibleAsync();
        }

        await guest.SendAsync("Hello Lobby!");
        await Expect(owner.Message("Hello Lobby!")).ToBeVisibleAsync();
        await Expect(finder.Message("Hello Lobby!")).ToBeVisibleAsync();

        // @mention completion asks the room's members (?search=) and inserts the username.
        var input = owner.Page.GetByLabel("Message", new() { Exact = true });
        await input.PressSequentiallyAsync("Welcome @gi");
        var options = owner.Page.GetByRole(AriaRole.Listbox, new() { Name = "People to mention" }).GetByRole(AriaRole.Option);
        await Expect(options).ToHaveCountAsync(1);
        await Expect(options.First).ToContainTextAsync("@gina");
        await input.PressAsync("Enter");
        await Expect(input).ToHaveValueAsync("Welcome @gina ");
        await input.PressAsync("Enter");
        await Expect(guest.Message("Welcome @gina").Locator(".mention")).ToHaveTextAsync("@gina");
        await Expect(finder.Message("Welcome @gina")).ToBeVisibleAsync();

        await owner.ScreenshotAsync("room-channel-desktop");
        await guest.Page.SetViewportSizeAsync(360, 740);
        await guest.ScreenshotAsync("room-channel-phone");
        foreach (var recorder in violations)
        {
            recorder.All.Should().BeEmpty();
        }
    }
}
