using Chat.TestSupport;

namespace Chat.Browser.Tests.Infrastructure;

/// <summary>
/// Where the browser tests find Chromium: Debian's <c>/usr/bin/chromium</c> (which .ci/run installs) or the path in
/// <c>CHAT_TEST_CHROMIUM</c>. Playwright's own browser downloads are not used (they cannot be fetched here).
/// </summary>
public static class BrowserEnvironment
{
    public const string ChromiumVariable = "CHAT_TEST_CHROMIUM";

    public const string DefaultChromium = "/usr/bin/chromium";

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : DefaultChromium;

    /// <summary>The skip reason when Chromium is missing, or null to run. Under CI=true it always runs, so a missing browser fails.</summary>
    public static string? SkipReason =>
        !File.Exists(ChromiumPath) && !TestEnvironment.IsCi
            ? $"Browser tests need Chromium at {ChromiumPath} (apt-get install chromium, or set {ChromiumVariable}); .ci/run installs it."
            : null;

    /// <summary>The repository root (the folder holding Chat.sln), found from the test assembly's folder.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Chat.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("Chat.sln was not found above " + AppContext.BaseDirectory);
        }
    }
}

/// <summary>A browser test that also needs axe-core from <c>npm ci</c> in src/Chat.Web; skipped locally without it, failing under CI=true.</summary>
public sealed class AxeFactAttribute : FactAttribute
{
    public static readonly string AxePath = Path.Combine(BrowserEnvironment.RepositoryRoot, "src", "Chat.Web", "node_modules", "axe-core", "axe.min.js");

    public AxeFactAttribute() => Skip = BrowserEnvironment.SkipReason
        ?? (!File.Exists(AxePath) && !TestEnvironment.IsCi ? $"The accessibility check needs axe-core at {AxePath}: run `npm ci` in src/Chat.Web (.ci/run does)." : null);
}

/// <summary>A browser test: skipped with a reason when Chromium is missing, failing (not skipped) under CI=true.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute() => Skip = BrowserEnvironment.SkipReason;
}
