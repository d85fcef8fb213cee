using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.Browser.Tests.Infrastructure;

/// <summary>One user's tab, driven the way a person would: through labels, roles and visible text.</summary>
public sealed class ChatPage(IPage page, string username)
{
    public const string Password = "browser-test-password";

    public IPage Page { get; } = page;

    public string Username { get; } = username;

    public ILocator Messages => Page.Locator(".history .messages > li.message");

    public static async Task<ChatPage> SignUpAsync(IBrowserContext context, string username)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create an account" }).ClickAsync();
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByLabel("Display name (optional)").FillAsync(char.ToUpperInvariant(username[0]) + username[1..]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        var chat = new ChatPage(page, username);
        await chat.WaitConnectedAsync();
        return chat;
    }

    public static async Task<ChatPage> SignInAsync(IBrowserContext context, string username, string? url = null)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(url ?? "/");
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var chat = new ChatPage(page, username);
        await chat.WaitConnectedAsync();
        return chat;
    }

    /// <summary>Signed in, and the socket is open (the status line is empty once connected).</summary>
    public async Task WaitConnectedAsync()
    {
        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();
        await Expect(Page.Locator(".connection")).ToHaveAttributeAsync("data-state", "open");
    }

    public Task NavigateAsync(string label) =>
        Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = label, Exact = false }).First.ClickAsync();

    public async Task RequestFriendshipAsync(string username)
    {
        await NavigateAsync("Friends");
        await Page.GetByLabel("Find people").FillAsync(username);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Add {username} as a friend" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = $"Add {username} as a friend" })).ToHaveTextAsync("Requested");
    }

    public async Task AcceptFriendshipAsync(string username)
    {
        await NavigateAsync("Friends");
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Accept {username}" }).ClickAsync();
        await Expect(Page.Locator($"[data-friend='{username}']")).ToBeVisibleAsync();
    }

    public async Task MessageFriendAsync(string username)
    {
        await NavigateAsync("Friends");
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Message {username}" }).ClickAsync();
        await Expect(Page.Locator(".composer textarea").First).ToBeVisibleAsync();
    }

    public async Task OpenConversationAsync(string title)
    {
        await NavigateAsync("Chats");
        await Page.Locator(".conversation-item", new() { HasText = title }).First.ClickAsync();
        await Expect(Page.GetByLabel("Message", new() { Exact = true })).ToBeVisibleAsync();
    }

    public async Task SendAsync(string text)
    {
        var input = Page.GetByLabel("Message", new() { Exact = true });
        await input.FillAsync(text);
        await input.PressAsync("Enter");
    }

    public ILocator Message(string text) => Messages.Filter(new() { Has = Page.Locator(".content", new() { HasTextRegex = new Regex("^" + Regex.Escape(text) + "$") }) });

    public ILocator MessageContaining(string text) => Messages.Filter(new() { HasText = text });

    public Task<IReadOnlyList<string>> MessageTextsAsync() => Page.Locator(".history .messages > li.message:not(.pending) .content").AllInnerTextsAsync();

    public async Task ScreenshotAsync(string name)
    {
        var folder = Path.Combine(BrowserEnvironment.RepositoryRoot, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") });
    }
}
