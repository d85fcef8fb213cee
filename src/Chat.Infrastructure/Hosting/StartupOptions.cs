using Microsoft.Extensions.Configuration;

namespace Chat.Infrastructure.Hosting;

/// <summary>Options read once at start-up, where a value the binder cannot convert is the operator's to fix.</summary>
internal static class StartupOptions
{
    /// <summary>
    /// The section <paramref name="section"/> bound to <typeparamref name="T"/> (defaults when absent); a value that does
    /// not convert (e.g. <c>"abc"</c> for a number) stops start-up with <see cref="ExitCode.Configuration"/> naming the section.
    /// </summary>
    public static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException exception)
        {
            throw new StartupFailure(ExitCode.Configuration, $"{section}: {exception.Message}", exception);
        }
    }
}
