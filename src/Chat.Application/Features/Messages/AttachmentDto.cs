namespace Chat.Application.Features.Messages;

/// <summary>A file shared with a message (rest.md "Attachment").</summary>
public sealed record AttachmentDto(Guid Id, string FileName, string ContentType, long Size, string Url, int? Width, int? Height);
