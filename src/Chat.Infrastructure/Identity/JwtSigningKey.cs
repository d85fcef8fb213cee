using System.Security.Cryptography;
using System.Text;
using Chat.Infrastructure.Hosting;
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
                throw new StartupFailure(ExitCode.Configuration, $"Chat:Jwt:SigningKey must be at least {MinimumKeyBytes} bytes (256 bits).");
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

    // An existing key file that cannot be read or is not a base64 key of 256 bits or more stops the start (exit code 15):
    // replacing it would silently end every login, and it may be the operator's own file.
    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path) || Directory.Exists(path))
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new StartupFailure(ExitCode.KeyMaterial, $"the JWT signing key file {path} cannot be read: {ex.Message.ReplaceLineEndings(" ")}", ex);
            }

            byte[] existing;
            try
            {
                existing = Convert.FromBase64String(text.Trim());
            }
            catch (FormatException ex)
            {
                throw new StartupFailure(ExitCode.KeyMaterial, $"the JWT signing key file {path} is malformed (not base64); restore it, or delete it to generate a new key (every login ends)", ex);
            }

            if (existing.Length < MinimumKeyBytes)
            {
                throw new StartupFailure(ExitCode.KeyMaterial, $"the JWT signing key file {path} holds {existing.Length} bytes, fewer than {MinimumKeyBytes}; restore it, or delete it to generate a new key (every login ends)");
            }

            return existing;
        }

        var created = RandomNumberGenerator.GetBytes(64);
        SecretFile.Write(path, created, "the JWT signing key file");
        return created;
    }
}
