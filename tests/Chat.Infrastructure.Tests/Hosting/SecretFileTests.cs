using Chat.Infrastructure.Hosting;

namespace Chat.Infrastructure.Tests.Hosting;

/// <summary>The key files the server writes for itself: whole, owner-only, and a failure that names the file, not the secret.</summary>
public sealed class SecretFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chat-secret-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_secret_is_written_as_base64_readable_by_the_owner_only_with_no_temporary_file_left()
    {
        var path = Path.Combine(_directory, "key");
        byte[] secret = [1, 2, 3, 250, 251, 252];

        SecretFile.Write(path, secret, "the test key file");

        Convert.FromBase64String(File.ReadAllText(path)).Should().Equal(secret);
        File.Exists(path + ".tmp").Should().BeFalse();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public void A_temporary_file_left_readable_by_a_crash_is_made_owner_only_before_it_becomes_the_key()
    {
        var path = Path.Combine(_directory, "key");
        File.WriteAllText(path + ".tmp", "left over");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path + ".tmp", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        SecretFile.Write(path, [9, 9, 9], "the test key file");

        Convert.FromBase64String(File.ReadAllText(path)).Should().Equal(9, 9, 9);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public void A_directory_that_cannot_be_written_stops_the_start_naming_the_file_and_never_the_secret()
    {
        var path = Path.Combine(_directory, "missing", "key");
        byte[] secret = [42, 42, 42, 42];

        var failure = FluentActions.Invoking(() => SecretFile.Write(path, secret, "the test key file")).Should().Throw<StartupFailure>().Which;

        failure.Code.Should().Be(ExitCode.DataDirectory);
        failure.Message.Should().Contain("the test key file").And.Contain(path).And.NotContain(Convert.ToBase64String(secret));
    }
}
