using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Chat.Browser.Tests.Infrastructure;

/// <summary>
/// Records every Content-Security-Policy violation in a browser context: the page's <c>securitypolicyviolation</c> events
/// (reported through a Playwright binding; the listener is installed by the DevTools protocol, so it is not itself subject
/// to the policy) and Chromium's own "Refused to …" console errors.
/// </summary>
public sealed class CspViolations
{
    private const string Binding = "__chatTestCspViolation";

    private readonly ConcurrentQueue<string> _violations = new();

    public IReadOnlyCollection<string> All => _violations.ToArray();

    public static async Task<CspViolations> AttachAsync(IBrowserContext context)
    {
        var recorder = new CspViolations();
        await context.ExposeBindingAsync(Binding, (BindingSource _, string description) => recorder._violations.Enqueue(description));
        await context.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => window." + Binding +
            "(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));");
        context.Page += (_, page) => recorder.Watch(page);
        foreach (var page in context.Pages)
        {
            recorder.Watch(page);
        }

        return recorder;
    }

    private void Watch(IPage page) => page.Console += (_, message) =>
    {
        if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
        {
            _violations.Enqueue(message.Text);
        }
    };
}
