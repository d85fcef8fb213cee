using MediatR;

namespace Chat.Application.Features.Attachments.GetAttachmentContent;

/// <summary>
/// An attachment's bytes with what a download needs. Readable by its uploader until it is sent, then by anyone who can
/// read now the non-deleted message that carries it; to everyone else it does not exist (404).
/// </summary>
public sealed record GetAttachmentContentQuery(Guid AttachmentId) : IRequest<AttachmentContent>;
