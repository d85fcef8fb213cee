using Chat.Infrastructure.Hosting;
using Chat.Infrastructure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chat.Infrastructure.Tests.Identity;

public sealed class JwtSigningKeyTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "chat-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public void Without_a_configured_key_one_is_generated_in_the_data_directory_and_reused_on_the_next_start()
    {
        var first = Load(new JwtOptions());
        var keyFile = Path.Combine(_dataDirectory, "jwt-signing-key");

        File.Exists(keyFile).Should().BeTrue();
        first.Key.Key.Length.Should().BeGreaterThanOrEqualTo(JwtSigningKey.MinimumKeyBytes);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(keyFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "only the service account may read the key");
        }

        var second = Load(new JwtOptions());

        second.Key.Key.Should().Equal(first.Key.Key);
        second.Key.KeyId.Should().Be(first.Key.KeyId);
    }

    [Fact]
    public void A_configured_key_is_used_as_given_and_nothing_is_written()
    {
        var configured = new string('k', JwtSigningKey.MinimumKeyBytes);

        var key = Load(new JwtOptions { SigningKey = configured });

        key.Key.Key.Should().Equal(System.Text.Encoding.UTF8.GetBytes(configured));
        File.Exists(Path.Combine(_dataDirectory, "jwt-signing-key")).Should().BeFalse();
    }

    [Fact]
    public void A_configured_key_shorter_than_32_bytes_is_refused()
    {
        var load = () => Load(new JwtOptions { SigningKey = new string('k', JwtSigningKey.MinimumKeyBytes - 1) });

        load.Should().Throw<StartupFailure>().Where(f => f.Code == ExitCode.Configuration).WithMessage("*at least 32 bytes*");
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("c2hvcnQ=")]
    public void A_key_file_that_is_not_a_256_bit_base64_key_stops_the_start_and_is_left_as_it_was(string content)
    {
        Directory.CreateDirectory(_dataDirectory);
        var keyFile = Path.Combine(_dataDirectory, "jwt-signing-key");
        File.WriteAllText(keyFile, content);

        var load = () => Load(new JwtOptions());

        load.Should().Throw<StartupFailure>().Where(f => f.Code == ExitCode.KeyMaterial && f.Message.Contains(keyFile));
        File.ReadAllText(keyFile).Should().Be(content, "an operator's key file is never replaced behind their back");
    }

    [Fact]
    public void A_key_file_that_cannot_be_read_stops_the_start_with_the_key_code()
    {
        // A directory in the key file's place: reading it fails for root too (chmod would not).
        Directory.CreateDirectory(Path.Combine(_dataDirectory, "jwt-signing-key"));

        var load = () => Load(new JwtOptions());

        load.Should().Throw<StartupFailure>().Where(f => f.Code == ExitCode.KeyMaterial).WithMessage("*cannot be read*");
    }

    private JwtSigningKey Load(JwtOptions options)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Chat:DataDirectory"] = _dataDirectory })
            .Build();
        return new JwtSigningKey(options, configuration, NullLogger<JwtSigningKey>.Instance);
    }
}
