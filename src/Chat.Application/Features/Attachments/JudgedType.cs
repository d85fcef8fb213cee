namespace Chat.Application.Features.Attachments;

/// <summary>What the bytes of an upload are: the media type served, and for images their size in pixels when the header gives it.</summary>
public sealed record JudgedType(string ContentType, int? Width = null, int? Height = null)
{
    /// <summary>PNG, JPEG, GIF and WebP are served inline; everything else downloads.</summary>
    public static bool IsRasterImage(string contentType) =>
        contentType is FileTypes.Png or FileTypes.Jpeg or FileTypes.Gif or FileTypes.WebP;
}
