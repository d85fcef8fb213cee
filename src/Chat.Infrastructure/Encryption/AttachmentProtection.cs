using System.Security.Cryptography;
using System.Text;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Attachments;
using Chat.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Chat.Infrastructure.Encryption;

/// <summary>
/// <see cref="IAttachmentProtection"/> (docs/encryption.md "Attachments"). Each upload gets a random 256-bit file key;
/// HKDF-SHA256 derives from it one key for the bytes (<see cref="FileCipher"/>, bound to the attachment id) and one for
/// the name (<see cref="SealedContent"/>, purpose file name, bound to the attachment id), so the two never share a
/// nonce space. The stored file key (<c>Attachments.FileKey</c>) is one of:
/// <list type="bullet">
/// <item><c>[0x01][MasterKeyRing.Wrap(fileKey, owner: attachment id, version 1)]</c> while the upload is unsent;</item>
/// <item><c>[0x02][conversation id: 16][SealedContent.Seal(data key, purpose file key, conversation id, attachment id, fileKey)]</c>
/// once a message claims it: erasing the conversation's data key makes the key, so the bytes and the name, unreadable.</item>
/// </list>
/// </summary>
public sealed class AttachmentProtection(EncryptionOptions options, MasterKeyRing ring, KeyStore keys, ILogger<AttachmentProtection> logger) : IAttachmentProtection
{
    private const byte WrappedByMaster = 1;
    private const byte SealedInConversation = 2;
    private const uint FileKeyVersion = 1;
    private static readonly byte[] BytesInfo = "chat attachment bytes"u8.ToArray();
    private static readonly byte[] NameInfo = "chat attachment name"u8.ToArray();

    public bool Enabled => options.Enabled;

    public async Task<SealedUpload> SealAsync(IFileStore files, StagedFile plaintext, Guid attachmentId, string fileName, CancellationToken cancellationToken)
    {
        await using var input = files.OpenStaged(plaintext);
        return await SealStoredAsync(files, input, attachmentId, fileName, conversationId: null, cancellationToken);
    }

    /// <summary>
    /// Seals <paramref name="plaintext"/> into a new staged file of <paramref name="files"/>, with the name; the file key
    /// is wrapped under <paramref name="conversationId"/>'s data key (an attachment already sent, sealed when encryption
    /// is switched on: the key must exist, <see cref="IContentProtection.PrepareAsync"/>), or by the master key when null.
    /// </summary>
    public async Task<SealedUpload> SealStoredAsync(IFileStore files, Stream plaintext, Guid attachmentId, string fileName, Guid? conversationId, CancellationToken cancellationToken)
    {
        var fileKey = RandomNumberGenerator.GetBytes(MasterKeyRing.KeySize);
        try
        {
            var (bytesKey, nameKey) = Derive(fileKey);
            // The sealed file is 16 bytes per 64 KiB chunk (plus 13) longer than the plaintext, which is within its limit already.
            var staged = await files.StageAsync((output, ct) => FileCipher.EncryptAsync(plaintext, output, bytesKey, FileKeyVersion, Guid.Empty, attachmentId, ct), long.MaxValue, cancellationToken);
            var sealedName = SealedContent.Seal(nameKey, FileKeyVersion, SealPurpose.AttachmentFileName, Guid.Empty, attachmentId, Encoding.UTF8.GetBytes(fileName));
            CryptographicOperations.ZeroMemory(bytesKey);
            CryptographicOperations.ZeroMemory(nameKey);
            var wrapped = conversationId is { } conversation
                ? await SealInConversationAsync(attachmentId, fileKey, conversation, cancellationToken)
                : [WrappedByMaster, .. ring.Wrap(fileKey, attachmentId, FileKeyVersion)];
            return new SealedUpload(staged, wrapped, sealedName);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }

    public async Task<byte[]?> RewrapForConversationAsync(Guid attachmentId, byte[] wrappedFileKey, Guid conversationId, CancellationToken cancellationToken)
    {
        if (wrappedFileKey.Length == 0 || wrappedFileKey[0] != WrappedByMaster)
        {
            // Already in a conversation (cannot happen for an unsent upload), or malformed: left as it is.
            return null;
        }

        var fileKey = await FileKeyAsync(attachmentId, wrappedFileKey, cancellationToken);
        if (fileKey is null)
        {
            return null;
        }

        var rewrapped = await SealInConversationAsync(attachmentId, fileKey, conversationId, cancellationToken);
        CryptographicOperations.ZeroMemory(fileKey);
        return rewrapped;
    }

    private async Task<byte[]> SealInConversationAsync(Guid attachmentId, byte[] fileKey, Guid conversationId, CancellationToken cancellationToken)
    {
        var (dataKey, version) = await keys.SealingKeyAsync(conversationId, cancellationToken);
        var sealedKey = SealedContent.Seal(dataKey, (uint)version, SealPurpose.AttachmentFileKey, conversationId, attachmentId, fileKey);
        return [SealedInConversation, .. conversationId.ToByteArray(bigEndian: true), .. sealedKey];
    }

    public async Task<string?> OpenFileNameAsync(Guid attachmentId, byte[] wrappedFileKey, byte[] sealedFileName, CancellationToken cancellationToken)
    {
        if (await FileKeyAsync(attachmentId, wrappedFileKey, cancellationToken) is not { } fileKey)
        {
            return null;
        }

        var (bytesKey, nameKey) = Derive(fileKey);
        CryptographicOperations.ZeroMemory(fileKey);
        CryptographicOperations.ZeroMemory(bytesKey);
        var opened = SealedContent.TryOpen(nameKey, SealPurpose.AttachmentFileName, Guid.Empty, attachmentId, sealedFileName, out var name);
        CryptographicOperations.ZeroMemory(nameKey);
        if (!opened)
        {
            logger.LogError("Sealed file name of attachment {AttachmentId} failed its integrity check", attachmentId);
            return null;
        }

        return Encoding.UTF8.GetString(name);
    }

    public async Task<(Stream? Content, bool Erased)> OpenContentAsync(Guid attachmentId, byte[] wrappedFileKey, bool sent, Stream sealedBytes, CancellationToken cancellationToken)
    {
        var (fileKey, erased) = !sent && wrappedFileKey.Length > 0 && wrappedFileKey[0] == SealedInConversation
            ? (null, true)
            : await FileKeyOrErasedAsync(attachmentId, wrappedFileKey, cancellationToken);
        if (fileKey is null)
        {
            await sealedBytes.DisposeAsync();
            return (null, erased);
        }

        var (bytesKey, nameKey) = Derive(fileKey);
        CryptographicOperations.ZeroMemory(fileKey);
        CryptographicOperations.ZeroMemory(nameKey);
        Stream? view = null;
        try
        {
            view = FileCipher.OpenRead(sealedBytes, bytesKey, Guid.Empty, attachmentId);
            // Verify the first chunk now, while a clear answer can still be given instead of a cut-off body.
            var probe = new byte[1];
            _ = view.Read(probe);
            view.Position = 0;
            return (view, false);
        }
        catch (CryptographicException)
        {
            logger.LogError("Sealed bytes of attachment {AttachmentId} failed their integrity check", attachmentId);
            if (view is not null)
            {
                await view.DisposeAsync();
            }
            else
            {
                await sealedBytes.DisposeAsync();
            }

            return (null, false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytesKey);
        }
    }

    /// <summary>
    /// For <c>rotate-key</c>: re-wraps under the current master key the file keys of unsent uploads still wrapped by an
    /// earlier one (a sent attachment's key follows its conversation's data key, which the rotation re-wraps). Each row
    /// is updated only while still unsent with the key read. Answers how many were re-wrapped.
    /// </summary>
    public static async Task<int> RewrapUnsentAsync(MasterKeyRing ring, Func<ChatDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        // Unsent uploads live at most Chat:Attachments:UnsentLifetime (a day by default): few rows, read at once.
        var unsent = await db.Set<Attachment>().AsNoTracking()
            .Where(a => a.MessageId == null && EF.Property<byte[]?>(a, SealedAttachmentColumns.FileKey) != null)
            .Select(a => new { a.Id, Key = EF.Property<byte[]>(a, SealedAttachmentColumns.FileKey) })
            .ToListAsync(cancellationToken);
        var done = 0;
        foreach (var row in unsent.Where(r => r.Key.Length > 1 && r.Key[0] == WrappedByMaster && ring.NeedsRewrap(r.Key.AsSpan(1))))
        {
            var fileKey = ring.Unwrap(row.Key.AsSpan(1), row.Id, FileKeyVersion);
            byte[] rewrapped = [WrappedByMaster, .. ring.Wrap(fileKey, row.Id, FileKeyVersion)];
            CryptographicOperations.ZeroMemory(fileKey);
            var old = row.Key;
            done += await db.Set<Attachment>()
                .Where(a => a.Id == row.Id && a.MessageId == null && EF.Property<byte[]?>(a, SealedAttachmentColumns.FileKey) == old)
                .ExecuteUpdateAsync(s => s.SetProperty(a => EF.Property<byte[]?>(a, SealedAttachmentColumns.FileKey), rewrapped), cancellationToken);
        }

        return done;
    }

    private async Task<byte[]?> FileKeyAsync(Guid attachmentId, byte[] wrappedFileKey, CancellationToken cancellationToken) =>
        (await FileKeyOrErasedAsync(attachmentId, wrappedFileKey, cancellationToken)).FileKey;

    /// <summary>The unwrapped file key; or null, with <c>Erased</c> when its conversation's key is gone (not an error).</summary>
    private async Task<(byte[]? FileKey, bool Erased)> FileKeyOrErasedAsync(Guid attachmentId, byte[] wrappedFileKey, CancellationToken cancellationToken)
    {
        if (wrappedFileKey.Length > 0 && wrappedFileKey[0] == WrappedByMaster)
        {
            try
            {
                return (ring.Unwrap(wrappedFileKey.AsSpan(1), attachmentId, FileKeyVersion), false);
            }
            catch (CryptographicException)
            {
                logger.LogError("The file key of attachment {AttachmentId} failed its integrity check or its master key is not configured", attachmentId);
                return (null, false);
            }
        }

        if (wrappedFileKey.Length > 17 && wrappedFileKey[0] == SealedInConversation)
        {
            var conversationId = new Guid(wrappedFileKey.AsSpan(1, 16), bigEndian: true);
            var sealedKey = wrappedFileKey[17..];
            if (SealedContent.KeyVersionOf(sealedKey) is { } version)
            {
                if (await keys.OpeningKeyAsync(conversationId, (int)version, cancellationToken) is not { } dataKey)
                {
                    // Erased on purpose (the conversation was deleted): not an error.
                    logger.LogDebug("The file key of attachment {AttachmentId}: conversation {ConversationId} has no key (erased)", attachmentId, conversationId);
                    return (null, true);
                }

                if (SealedContent.TryOpen(dataKey, SealPurpose.AttachmentFileKey, conversationId, attachmentId, sealedKey, out var fileKey))
                {
                    return (fileKey, false);
                }
            }
        }

        logger.LogError("The file key of attachment {AttachmentId} is malformed or failed its integrity check", attachmentId);
        return (null, false);
    }

    private static (byte[] BytesKey, byte[] NameKey) Derive(byte[] fileKey) =>
        (HKDF.DeriveKey(HashAlgorithmName.SHA256, fileKey, MasterKeyRing.KeySize, salt: [], info: BytesInfo),
         HKDF.DeriveKey(HashAlgorithmName.SHA256, fileKey, MasterKeyRing.KeySize, salt: [], info: NameInfo));
}

/// <summary><see cref="IAttachmentProtection"/> with encryption off: uploads are stored as they come.</summary>
public sealed class PlainAttachments : IAttachmentProtection
{
    public bool Enabled => false;

    public Task<SealedUpload> SealAsync(IFileStore files, StagedFile plaintext, Guid attachmentId, string fileName, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Encryption at rest is off: nothing is sealed.");

    public Task<byte[]?> RewrapForConversationAsync(Guid attachmentId, byte[] wrappedFileKey, Guid conversationId, CancellationToken cancellationToken) =>
        Task.FromResult<byte[]?>(null);

    public Task<string?> OpenFileNameAsync(Guid attachmentId, byte[] wrappedFileKey, byte[] sealedFileName, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);

    public async Task<(Stream? Content, bool Erased)> OpenContentAsync(Guid attachmentId, byte[] wrappedFileKey, bool sent, Stream sealedBytes, CancellationToken cancellationToken)
    {
        await sealedBytes.DisposeAsync();
        return (null, false);
    }
}
