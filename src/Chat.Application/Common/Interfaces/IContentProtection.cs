namespace Chat.Application.Common.Interfaces;

/// <summary>What a protected value is: part of its associated data, so one kind cannot be opened as another.</summary>
public enum ProtectedContent
{
    MessageContent = 1,
    EditContent = 2,
    AttachmentFileName = 3,
}

/// <summary>
/// Encryption at rest of message texts, edit history and attachment names (docs/encryption.md), with a conversation's
/// data key and the row's ids bound to each value. When <see cref="Enabled"/> is false the callers store plaintext.
/// </summary>
public interface IContentProtection
{
    /// <summary>Whether new values are sealed (<c>Chat:Encryption:Enabled</c>).</summary>
    bool Enabled { get; }

    /// <summary>
    /// Makes sure each conversation has its data key, creating missing ones (each in its own short transaction). Call
    /// before a transaction that seals values of those conversations: creating a key inside it would wait on the
    /// transaction's own write lock (SQLite) or on its lock of the conversation row (PostgreSQL).
    /// </summary>
    Task PrepareAsync(IEnumerable<Guid> conversationIds, CancellationToken cancellationToken);

    /// <summary>Seals <paramref name="text"/> for the row <paramref name="rowId"/> of <paramref name="conversationId"/>.</summary>
    Task<byte[]> SealAsync(ProtectedContent kind, Guid conversationId, Guid rowId, string text, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a sealed value; null when it cannot be read — altered, moved from another row, or its conversation's key
    /// erased. The failure is logged as an error naming the row id (never the value).
    /// </summary>
    Task<string?> OpenAsync(ProtectedContent kind, Guid conversationId, Guid rowId, byte[] sealedValue, CancellationToken cancellationToken);

    /// <summary>The blind-index tokens (space-separated) stored in place of a message's folded search terms.</summary>
    Task<string> IndexTermsAsync(IEnumerable<string> foldedWords, CancellationToken cancellationToken);

    /// <summary>
    /// The token a folded query word is looked up by: its whole-word token, or for the last word (a prefix) its prefix
    /// token; <c>NeedsCheck</c> when the hits must be checked on the opened text (a prefix longer than the indexed ones).
    /// Null when the word cannot be looked up (a prefix shorter than three letters matches whole words only).
    /// </summary>
    Task<(string Token, bool NeedsCheck)?> QueryTokenAsync(string foldedWord, bool asPrefix, CancellationToken cancellationToken);
}

/// <summary>
/// The sealed columns beside the plaintext ones (shadow properties: the domain knows nothing of encryption). A row whose
/// sealed column is set has its plaintext column empty (null, or "" where the column is required).
/// </summary>
public static class SealedColumns
{
    /// <summary><c>Messages.SealedContent</c> and <c>MessageEdits.SealedContent</c> (binary, nullable).</summary>
    public const string Content = "SealedContent";
}

/// <summary>
/// The background job sealing messages written before encryption was switched on: how many it sealed since start and
/// how many are left (0 when done; null until it has counted); then, the same for attachments (bytes and names), which
/// it seals after the messages (<c>attachmentsRemaining</c> null until it has counted them).
/// </summary>
public sealed record SealingProgress(long Sealed, long? Remaining)
{
    public long AttachmentsSealed { get; init; }

    public long? AttachmentsRemaining { get; init; }
}

/// <summary>Where <c>/admin/stats</c> reads the job's progress from (null: encryption off, or the job has not counted yet).</summary>
public interface ISealingProgress
{
    SealingProgress? Progress { get; }
}
