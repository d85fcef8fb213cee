using System.Security.Cryptography;
using Chat.Infrastructure.Hosting;

namespace Chat.Infrastructure.Encryption;

/// <summary>
/// Settings of encryption at rest (<c>Chat:Encryption</c>, docs/encryption.md). Off by default.
/// </summary>
public sealed class EncryptionOptions
{
    public const string Section = "Chat:Encryption";

    /// <summary>The key file's name in the data directory, when no key is configured.</summary>
    public const string DefaultKeyFile = "encryption-master-key";

    /// <summary>Seal new messages, edits and attachments; encrypt existing ones in the background.</summary>
    public bool Enabled { get; set; }

    /// <summary>The master key, base64 of 32 bytes; when empty, the key file in the data directory (created on first run, mode 0600).</summary>
    public string? MasterKey { get; set; }

    /// <summary>Earlier master keys (base64), kept only while <c>rotate-key</c> has not re-wrapped every data key.</summary>
    public List<string> PreviousMasterKeys { get; set; } = [];

    /// <summary>Messages written before encryption was switched on that the background job seals per transaction.</summary>
    public int SealBatchSize { get; set; } = 500;

    /// <summary>The job's pause between two batches (milliseconds), so it leaves the database to the live traffic.</summary>
    public int SealPauseMilliseconds { get; set; } = 100;
}

/// <summary>
/// Where the master keys come from: <see cref="EncryptionOptions.MasterKey"/>, else the key file in the data directory.
/// A rotation in progress leaves <c>&lt;file&gt;.next</c> (the new key) beside it, and a finished one
/// <c>&lt;file&gt;.retired-&lt;id&gt;</c> (the old key, to delete once backups made before it have expired); both are
/// read as earlier keys.
/// </summary>
public static class MasterKeySource
{
    /// <summary>The ring of configured or stored keys; creates the key file when none exists. Bad key material stops the start (exit code 15).</summary>
    public static MasterKeyRing Load(EncryptionOptions options, string dataDirectory)
    {
        var earlier = options.PreviousMasterKeys.Select((text, i) => Parse(text, $"{EncryptionOptions.Section}:PreviousMasterKeys:{i}")).ToList();
        if (!string.IsNullOrEmpty(options.MasterKey))
        {
            return new MasterKeyRing(Parse(options.MasterKey, $"{EncryptionOptions.Section}:MasterKey"), earlier);
        }

        var path = KeyFilePath(dataDirectory);
        earlier.AddRange(Directory.EnumerateFiles(dataDirectory, EncryptionOptions.DefaultKeyFile + ".retired-*").Order(StringComparer.Ordinal).Select(ReadFile));
        if (File.Exists(path + ".next"))
        {
            earlier.Add(ReadFile(path + ".next"));
        }

        return new MasterKeyRing(File.Exists(path) || Directory.Exists(path) ? ReadFile(path) : Create(path), earlier);
    }

    /// <summary>The key file's path in <paramref name="dataDirectory"/>.</summary>
    public static string KeyFilePath(string dataDirectory) => Path.Combine(dataDirectory, EncryptionOptions.DefaultKeyFile);

    /// <summary>Writes a new random key to <paramref name="path"/> (mode 0600, through a temporary file) and answers it.</summary>
    public static byte[] Create(string path)
    {
        var key = RandomNumberGenerator.GetBytes(MasterKeyRing.KeySize);
        SecretFile.Write(path, key, "the encryption key file");
        return key;
    }

    /// <summary>Reads a key file (base64 of 32 bytes); anything else stops the start (exit code 15), naming the file, never its content.</summary>
    public static byte[] ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupFailure(ExitCode.KeyMaterial, $"the encryption key file {path} cannot be read: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }

        return Parse(text, $"the encryption key file {path}");
    }

    private static byte[] Parse(string text, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException ex)
        {
            throw new StartupFailure(ExitCode.KeyMaterial, $"{source} is not base64; an encryption key is 32 random bytes in base64", ex);
        }

        return key.Length == MasterKeyRing.KeySize
            ? key
            : throw new StartupFailure(ExitCode.KeyMaterial, $"{source} holds {key.Length} bytes; an encryption key is exactly {MasterKeyRing.KeySize} bytes (256 bits)");
    }
}
