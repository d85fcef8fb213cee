namespace Chat.Application.Features.Attachments.GetAttachmentContent;

/// <summary>
/// A download: the bytes (<see cref="Content"/>, seekable, to be disposed by the caller) and their description.
/// <see cref="Sha256"/> identifies the bytes and serves as the entity tag.
/// </summary>
public sealed record AttachmentContent(string FileName, string ContentType, long Size, string Sha256, DateTime CreatedAt, Stream Content)
{
    /// <summary>Raster images may be shown inline; every other type is sent as a download.</summary>
    public bool IsInline => JudgedType.IsRasterImage(ContentType);
}
