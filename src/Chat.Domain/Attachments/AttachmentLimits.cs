namespace Chat.Domain.Attachments;

/// <summary>Attachment limits (issue 12, docs/attachments-and-search.md), shared by the entity, the validators and the database configuration.</summary>
public static class AttachmentLimits
{
    /// <summary>Characters (Unicode code points) of a sanitised display file name.</summary>
    public const int FileNameMaxLength = 255;

    public const int ContentTypeMaxLength = 100;

    /// <summary>Lower-case hex SHA-256 of the stored bytes.</summary>
    public const int Sha256Length = 64;

    /// <summary>Attachments one message may carry.</summary>
    public const int MaxPerMessage = 10;
}
