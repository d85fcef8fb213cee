using System.Diagnostics;

namespace Chat.Api.Tests.Infrastructure;

/// <summary>
/// Runs the real server binary (<c>dotnet Chat.Api.dll …</c>, copied next to the tests) as a child process with
/// configuration from environment variables; bounded by <see cref="Patience"/>, after which it is killed.
/// </summary>
public static class ChatProcess
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError);

    public static async Task<Outcome> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Chat.Api.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Chat__Passwords__Iterations"] = "1000";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{string.Join(' ', args)}' did not exit within {Patience}: {await error}");
        }

        return new Outcome(process.ExitCode, await output, await error);
    }

    /// <summary>The settings that point a child process at a test factory's database.</summary>
    public static Dictionary<string, string?> SettingsOf(ChatApiFactory factory) => new()
    {
        ["Chat:DataDirectory"] = factory.DataDirectory,
        ["Chat:Database:Provider"] = factory.Database.Provider.ToString(),
        ["ConnectionStrings:Chat"] = factory.Database.ConnectionString,
        ["Chat:Jwt:SigningKey"] = ChatApiFactory.SigningKey,
    };
}
