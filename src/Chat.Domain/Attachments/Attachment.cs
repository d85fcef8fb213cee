using Chat.Domain.Common;

namespace Chat.Domain.Attachments;

/// <summary>
/// One upload: who sent it, its display name, its judged type and size, and the stored bytes it points at (by
/// <see cref="Sha256"/>). It is "unsent" until a message carries it (<see cref="MessageId"/>); each attachment goes
/// into at most one message, and only its uploader may send it.
/// </summary>
public sealed class Attachment : Entity
{
    private Attachment()
    {
    }

    public Guid UploaderId { get; private set; }

    /// <summary>The message that carries it; null while unsent.</summary>
    public Guid? MessageId { get; private set; }

    public string Sha256 { get; private set; } = string.Empty;

    /// <summary>Sanitised (<see cref="FileNames.Sanitize"/>); for display only.</summary>
    public string FileName { get; private set; } = string.Empty;

    /// <summary>Decided from the bytes, never from the client.</summary>
    public string ContentType { get; private set; } = string.Empty;

    /// <summary>Bytes.</summary>
    public long Size { get; private set; }

    /// <summary>Pixels, for images whose header gives them.</summary>
    public int? Width { get; private set; }

    public int? Height { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public static Attachment Upload(
        Guid uploaderId, string sha256, string? fileName, string contentType, long size, int? width, int? height, DateTime now)
    {
        if (sha256.Length != AttachmentLimits.Sha256Length || size < 0)
        {
            throw new DomainException("validation_failed", "An attachment needs its content hash and size.", DomainErrorKind.Invalid);
        }

        return new Attachment
        {
            Id = Ids.NewFor<Attachment>(),
            UploaderId = uploaderId,
            Sha256 = sha256,
            FileName = FileNames.Sanitize(fileName),
            ContentType = contentType,
            Size = size,
            Width = width,
            Height = height,
            CreatedAt = now,
        };
    }

    /// <summary>
    /// Puts the display name on an entity read from a row that keeps it elsewhere (sealed, docs/encryption.md: the row's
    /// <see cref="FileName"/> is then empty). For building answers; not a change to save.
    /// </summary>
    public void ShowFileName(string fileName) => FileName = fileName;
}
