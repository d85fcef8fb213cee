using System.Net;
using System.Net.Sockets;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Hosting;
using FluentAssertions;
using Microsoft.Extensions.Configuration;

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
    public async Task An_unknown_sqlite_synchronous_level_ends_the_process_with_the_configuration_code()
    {
        var outcome = await ChatProcess.RunAsync(Settings(new() { ["Chat:Database:SqliteSynchronous"] = "Off" }), "migrate");

        ShouldBeOneLineFailure(outcome, ExitCode.Configuration, "Chat:Database:SqliteSynchronous");
    }

    [Fact]
    public async Task A_send_queue_of_no_capacity_ends_the_process_with_the_configuration_code()
    {
        var outcome = await ChatProcess.RunAsync(Settings(new() { ["Chat:Sending:QueueCapacity"] = "0" }), "migrate");

        ShouldBeOneLineFailure(outcome, ExitCode.Configuration, "Chat:Sending");
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

    [Fact]
    public async Task A_data_path_that_is_a_file_ends_the_process_with_the_data_directory_code()
    {
        var file = Path.Combine(_dataDirectory, "not-a-directory");
        await File.WriteAllTextAsync(file, "x");
        var settings = Settings([]);
        settings["Chat:DataDirectory"] = file;

        var outcome = await ChatProcess.RunAsync(settings);

        ShouldBeOneLineFailure(outcome, ExitCode.DataDirectory, file);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("truncated")]
    [InlineData("zeroed header")]
    public async Task A_database_file_that_is_not_a_sound_database_ends_the_process_with_the_database_code(string damage)
    {
        var file = Path.Combine(_dataDirectory, "chat.db");
        (await ChatProcess.RunAsync(Settings([]), "migrate")).ExitCode.Should().Be(0);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(file + "-wal");
        File.Delete(file + "-shm");
        var bytes = await File.ReadAllBytesAsync(file);
        bytes = damage switch
        {
            "text" => "this is a text file, not a database\n"u8.ToArray(),
            "truncated" => bytes[..64],
            _ => [.. new byte[100], .. bytes[100..]],
        };
        await File.WriteAllBytesAsync(file, bytes);

        var outcome = await ChatProcess.RunAsync(Settings([]));

        ShouldBeOneLineFailure(outcome, ExitCode.Database, file);
    }

    [Fact]
    public async Task A_garbage_signing_key_file_ends_the_process_with_the_key_code()
    {
        var keyFile = Path.Combine(_dataDirectory, "jwt-signing-key");
        await File.WriteAllTextAsync(keyFile, "%%% not a key %%%");
        var settings = Settings([]);
        settings.Remove("Chat:Jwt:SigningKey");

        var outcome = await ChatProcess.RunAsync(settings);

        ShouldBeOneLineFailure(outcome, ExitCode.KeyMaterial, keyFile);
        (await File.ReadAllTextAsync(keyFile)).Should().Be("%%% not a key %%%");
    }

    [Fact]
    public async Task An_unreadable_signing_key_file_ends_the_process_with_the_key_code()
    {
        // A directory where the key file should be: unreadable even for root, which ignores chmod.
        var keyFile = Path.Combine(_dataDirectory, "jwt-signing-key");
        Directory.CreateDirectory(keyFile);
        var settings = Settings([]);
        settings.Remove("Chat:Jwt:SigningKey");

        var outcome = await ChatProcess.RunAsync(settings);

        ShouldBeOneLineFailure(outcome, ExitCode.KeyMaterial, keyFile);
    }

    [Fact]
    public void A_data_directory_on_a_read_only_file_system_stops_the_start_with_the_data_directory_code()
    {
        // Root ignores permissions and a read-only mount needs privileges CI lacks: the storage seam fails the way a
        // read-only file system does (EROFS surfaces as IOException; EACCES as UnauthorizedAccessException).
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Chat:DataDirectory"] = _dataDirectory }).Build();

        foreach (var failure in new Exception[] { new IOException("Read-only file system"), new UnauthorizedAccessException("Access denied") })
        {
            var check = () => Chat.Infrastructure.ChatPaths.EnsureWritable(configuration, new FailingStorage(failure));

            check.Should().Throw<StartupFailure>()
                .Where(f => f.Code == ExitCode.DataDirectory && f.Message.Contains(_dataDirectory) && f.Message.Contains(failure.Message));
        }

        Chat.Infrastructure.ChatPaths.EnsureWritable(configuration).Should().Be(_dataDirectory, "the real file system here takes writes");
        Directory.EnumerateFiles(_dataDirectory).Should().BeEmpty("the probe cleans up after itself");
    }

    private sealed class FailingStorage(Exception failure) : Chat.Infrastructure.IDataDirectoryStorage
    {
        public void WriteAndDelete(string path) => throw failure;
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
