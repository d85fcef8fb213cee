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

        load.Should().Throw<InvalidOperationException>().WithMessage("*at least 32 bytes*");
    }

    private JwtSigningKey Load(JwtOptions options)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Chat:DataDirectory"] = _dataDirectory })
            .Build();
        return new JwtSigningKey(options, configuration, NullLogger<JwtSigningKey>.Instance);
    }
}
