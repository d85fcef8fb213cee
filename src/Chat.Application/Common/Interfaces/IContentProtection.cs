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
