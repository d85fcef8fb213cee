namespace Chat.Application.Common.Interfaces;

/// <summary>
/// Encryption at rest of attachments (docs/encryption.md "Attachments"): each upload's bytes and file name are sealed
/// under a random file key of its own; the file key is stored wrapped — by the master key while the upload is unsent,
/// by its conversation's data key once a message claims it (so erasing the conversation's key erases the file). When
/// <see cref="Enabled"/> is false uploads are stored as they come and nothing here is called.
/// </summary>
public interface IAttachmentProtection
{
    /// <summary>Whether new uploads are sealed (<c>Chat:Encryption:Enabled</c>).</summary>
    bool Enabled { get; }

    /// <summary>
    /// Seals a staged plaintext upload: writes the sealed bytes to a new staged file of <paramref name="files"/> (the
    /// caller discards the plaintext one), seals <paramref name="fileName"/> and wraps the new file key by the master key.
    /// </summary>
    Task<SealedUpload> SealAsync(IFileStore files, StagedFile plaintext, Guid attachmentId, string fileName, CancellationToken cancellationToken);

    /// <summary>
    /// The wrapped file key of an attachment a message in <paramref name="conversationId"/> claims, re-wrapped under that
    /// conversation's data key (which must exist: <see cref="IContentProtection.PrepareAsync"/>). The bytes are not
    /// rewritten. Null when <paramref name="wrappedFileKey"/> cannot be opened (altered, or its master key is gone).
    /// </summary>
    Task<byte[]?> RewrapForConversationAsync(Guid attachmentId, byte[] wrappedFileKey, Guid conversationId, CancellationToken cancellationToken);

    /// <summary>The file name, or null when it cannot be opened (altered, moved, or its key erased; logged with the attachment id).</summary>
    Task<string?> OpenFileNameAsync(Guid attachmentId, byte[] wrappedFileKey, byte[] sealedFileName, CancellationToken cancellationToken);

    /// <summary>
    /// A seekable read-only view of the plaintext of <paramref name="sealedBytes"/> (taken over: disposed with the view,
    /// or at once when no view is answered); its header and first chunk are verified before answering. No view when
    /// the key is gone (<c>Erased</c>: its conversation's key was erased on purpose) or the file or its wrapped key fails
    /// its integrity check (logged as an error with the attachment id). An unsent attachment (<paramref name="sent"/>
    /// false) whose key follows a conversation was left behind by that conversation's deletion: erased too, even while
    /// this process still holds the erased key in memory. A later chunk that fails its check makes a read
    /// throw <see cref="System.Security.Cryptography.CryptographicException"/>: no unverified byte is ever returned.
    /// </summary>
    Task<(Stream? Content, bool Erased)> OpenContentAsync(Guid attachmentId, byte[] wrappedFileKey, bool sent, Stream sealedBytes, CancellationToken cancellationToken);
}

/// <summary>A sealed upload: the staged sealed bytes, the wrapped file key and the sealed file name (both stored in the attachment row).</summary>
public sealed record SealedUpload(StagedFile Staged, byte[] WrappedFileKey, byte[] SealedFileName);

/// <summary>The sealed columns of <c>Attachments</c> (shadow properties, binary, nullable; both set or both null).</summary>
public static class SealedAttachmentColumns
{
    /// <summary><c>Attachments.FileKey</c>: the wrapped file key; null for an attachment stored in plaintext.</summary>
    public const string FileKey = "FileKey";

    /// <summary><c>Attachments.SealedFileName</c>: the sealed file name (then <c>FileName</c> is "").</summary>
    public const string FileName = "SealedFileName";
}
