using System.Net;
using System.Net.Sockets;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Hosting;
using FluentAssertions;

namespace Chat.Api.Tests.Operations;

/// <summary>
/// First-run hygiene: a configuration the operator must fix ends the real process with one line on standard error and
/// the documented exit code (README "Exit codes"), never a stack trace.
/// </summary>
public sealed class StartupFailureTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "chat-tests", Guid.NewGuid().ToString("N"));

    public StartupFailureTests() => Directory.CreateDirectory(_dataDirectory);

    [Fact]
    public async Task An_unknown_database_provider_ends_the_process_with_the_configuration_code()
    {
        var outcome = await ChatProcess.RunAsync(Settings(new() { ["Chat:Database:Provider"] = "oracle" }), "migrate");

        ShouldBeOneLineFailure(outcome, ExitCode.Configuration, "Chat:Database:Provider");
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_ends_the_process_with_the_configuration_code()
    {
        var outcome = await ChatProcess.RunAsync(Settings(new() { ["Chat:Database:Provider"] = "Postgres" }), "migrate");

        ShouldBeOneLineFailure(outcome, ExitCode.Configuration, "ConnectionStrings:Chat");
    }

    [Fact]
    public async Task A_port_in_use_ends_the_process_with_the_address_in_use_code()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var outcome = await ChatProcess.RunAsync(Settings(new() { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" }));

        ShouldBeOneLineFailure(outcome, ExitCode.AddressInUse, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private Dictionary<string, string?> Settings(Dictionary<string, string?> extra)
    {
        extra["Chat:DataDirectory"] = _dataDirectory;
        extra["Chat:Jwt:SigningKey"] = ChatApiFactory.SigningKey;
        return extra;
    }

    private static void ShouldBeOneLineFailure(ChatProcess.Outcome outcome, ExitCode code, string named)
    {
        outcome.ExitCode.Should().Be((int)code, outcome.StandardError + outcome.StandardOutput);
        var line = outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle().Subject;
        line.Should().StartWith("chat: ").And.Contain(named).And.Contain($"(exit code {(int)code})");
        (outcome.StandardError + outcome.StandardOutput).Should().NotContain("   at ", "an operator gets one line, not a stack trace");
    }
}
