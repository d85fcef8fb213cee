using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Chat.Infrastructure.Identity;

/// <summary>The HS256 key: from <c>Chat:Jwt:SigningKey</c> (at least 256 bits), else generated once and kept in the data directory.</summary>
public sealed class JwtSigningKey
{
    public const int MinimumKeyBytes = 32;
    private const string KeyFileName = "jwt-signing-key";

    public JwtSigningKey(JwtOptions options, IConfiguration configuration, ILogger<JwtSigningKey> logger)
    {
        byte[] bytes;
        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            bytes = Encoding.UTF8.GetBytes(options.SigningKey);
            if (bytes.Length < MinimumKeyBytes)
            {
                throw new InvalidOperationException($"Chat:Jwt:SigningKey must be at least {MinimumKeyBytes} bytes (256 bits).");
            }
        }
        else
        {
            var path = Path.Combine(ChatPaths.DataDirectory(configuration), KeyFileName);
            bytes = LoadOrCreate(path);
            logger.LogWarning("No Chat:Jwt:SigningKey is configured; using the generated key kept in {KeyFile}. Set Chat:Jwt:SigningKey in production.", path);
        }

        Key = new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexString(SHA256.HashData(bytes))[..16] };
    }

    public SymmetricSecurityKey Key { get; }

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var existing = Convert.FromBase64String(File.ReadAllText(path).Trim());
            if (existing.Length >= MinimumKeyBytes)
            {
                return existing;
            }
        }

        var created = RandomNumberGenerator.GetBytes(64);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, Convert.ToBase64String(created));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
        return created;
    }
}
