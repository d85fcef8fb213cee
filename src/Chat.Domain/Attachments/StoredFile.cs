namespace Chat.Domain.Attachments;

/// <summary>
/// Bytes kept once per content (their SHA-256), whoever uploaded them and however often. <see cref="ReferenceCount"/>
/// counts the attachment rows that point at them; at zero the clean-up job may remove the row and the bytes. The count
/// is changed only by conditional SQL updates inside the transaction that adds or removes an attachment row, so it never
/// depends on a value read earlier.
/// </summary>
public sealed class StoredFile
{
    private StoredFile()
    {
    }

    public StoredFile(string sha256, long size, DateTime now)
    {
        Sha256 = sha256;
        Size = size;
        ReferenceCount = 1;
        CreatedAt = now;
    }

    /// <summary>Lower-case hex SHA-256; the key and the storage address.</summary>
    public string Sha256 { get; private set; } = string.Empty;

    /// <summary>Bytes.</summary>
    public long Size { get; private set; }

    public int ReferenceCount { get; private set; }

    public DateTime CreatedAt { get; private set; }
}
