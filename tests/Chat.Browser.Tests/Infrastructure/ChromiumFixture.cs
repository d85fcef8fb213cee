using Microsoft.Playwright;

namespace Chat.Browser.Tests.Infrastructure;

/// <summary>
/// One headless Chromium per test collection, launched from <see cref="BrowserEnvironment.ChromiumPath"/>; each test opens
/// its own contexts (a context is one user's cookies, storage and tabs). Nothing starts when the tests are skipped.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium was not started (the test should have been skipped).");

    public async Task InitializeAsync()
    {
        if (BrowserEnvironment.SkipReason is not null)
        {
            return;
        }

        // Generous waits: the machine may be busy; a wait that runs out is a failure, never a slow pass.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserEnvironment.ChromiumPath,
            Headless = true,
            // Shared memory in containers is small; Chromium then writes to /tmp instead of crashing tabs.
            Args = ["--disable-dev-shm-usage"],
        });
    }

    /// <summary>A new browser context (one user); <c>bypassCsp</c> only for injecting axe-core in the accessibility check.</summary>
    public Task<IBrowserContext> NewContextAsync(string baseUrl, int width = 1280, int height = 800, bool bypassCsp = false, ColorScheme colorScheme = ColorScheme.Light) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BypassCSP = bypassCsp,
            Locale = "en-US",
            TimezoneId = "UTC",
            ColorScheme = colorScheme,
        });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>Browser tests share one Chromium and run one after another (the machine has two cores).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Browser";
}
