using Chat.Infrastructure.Persistence;
using Microsoft.Extensions.Logging;

namespace Chat.Infrastructure.Encryption;

/// <summary>
/// The <c>rotate-key</c> verb: re-wraps every stored data key (and the file keys of unsent uploads) with a new master
/// key; messages and files are not rewritten.
/// With a key file: a new key is written to <c>&lt;file&gt;.next</c> (kept if a run was interrupted, so a second run
/// resumes with the same key), every key row is re-wrapped under it, then the old file becomes
/// <c>&lt;file&gt;.retired-&lt;id&gt;</c> and <c>.next</c> the key file. With a configured key: the operator first sets
/// <c>Chat:Encryption:MasterKey</c> to the new key and lists the old one in <c>PreviousMasterKeys</c>; the run
/// re-wraps under the configured key, after which the old one can be removed. Nodes that keep running meanwhile may
/// create keys wrapped by the old master key: run the verb again after restarting them (it re-wraps what is left).
/// </summary>
public static class MasterKeyRotation
{
    /// <summary>Rows re-wrapped per transaction.</summary>
    public const int BatchSize = 500;

    /// <summary>Answers how many key rows were re-wrapped.</summary>
    public static async Task<int> RunAsync(EncryptionOptions options, string dataDirectory, Func<ChatDbContext> contexts, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        MasterKeyRing ring;
        string? keyFile = null;
        if (!string.IsNullOrEmpty(options.MasterKey))
        {
            ring = MasterKeySource.Load(options, dataDirectory);
        }
        else
        {
            keyFile = MasterKeySource.KeyFilePath(dataDirectory);
            var next = keyFile + ".next";
            var newKey = File.Exists(next) ? MasterKeySource.ReadFile(next) : MasterKeySource.Create(next);
            ring = new MasterKeyRing(newKey, [MasterKeySource.ReadFile(keyFile), .. RetiredKeys(dataDirectory)]);
        }

        logger.LogInformation("Re-wrapping data keys under master key {MasterKeyId:x16}", ring.CurrentId);
        var done = await new KeyStore(ring, contexts, clock).RewrapAsync(
            BatchSize,
            count => logger.LogInformation("Re-wrapped {KeyCount} data keys so far", count),
            cancellationToken);
        var uploads = await AttachmentProtection.RewrapUnsentAsync(ring, contexts, cancellationToken);
        if (uploads > 0)
        {
            logger.LogInformation("Re-wrapped the file keys of {UploadCount} unsent uploads", uploads);
        }

        if (keyFile is not null)
        {
            var oldId = MasterKeyRing.IdOf(MasterKeySource.ReadFile(keyFile));
            File.Move(keyFile, $"{keyFile}.retired-{oldId:x16}", overwrite: true);
            File.Move(keyFile + ".next", keyFile);
            logger.LogInformation(
                "Master key {MasterKeyId:x16} is now in use; the old key was kept as {RetiredFile}: delete it once no backup older than now needs restoring",
                ring.CurrentId,
                $"{keyFile}.retired-{oldId:x16}");
        }

        logger.LogInformation("Re-wrapped {KeyCount} data keys", done);
        return done;
    }

    private static IEnumerable<byte[]> RetiredKeys(string dataDirectory) =>
        Directory.EnumerateFiles(dataDirectory, EncryptionOptions.DefaultKeyFile + ".retired-*").Order(StringComparer.Ordinal).Select(MasterKeySource.ReadFile);
}
