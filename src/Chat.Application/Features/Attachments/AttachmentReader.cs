using Chat.Application.Features.Messages;
using Chat.Domain.Attachments;

namespace Chat.Application.Features.Attachments;

/// <summary>The rest.md "Attachment" shape of an attachment row.</summary>
internal static class AttachmentReader
{
    public static string UrlOf(Guid id) => $"/api/v1/attachments/{id}";

    public static AttachmentDto ToDto(Attachment a) => new(a.Id, a.FileName, a.ContentType, a.Size, UrlOf(a.Id), a.Width, a.Height);
}
