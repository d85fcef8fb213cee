using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Attachments;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Chat.Domain.Rooms;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Attachments.GetAttachmentContent;

/// <summary>
/// One query decides access: the uploader while the attachment is unsent; once sent, whoever takes part now in the
/// conversation of the message carrying it, while that message is not deleted (a delete ends access for everyone).
/// Sealed bytes (encryption at rest) are opened on the way out; a sealed file that fails its integrity check answers
/// 410 <c>attachment_unreadable</c>, one whose key was erased (its conversation deleted) 404 like any other gone file.
/// </summary>
internal sealed class GetAttachmentContentQueryHandler(IChatDbContext db, ICurrentUser currentUser, IFileStore files, SealedAttachments sealedAttachments)
    : IRequestHandler<GetAttachmentContentQuery, AttachmentContent>
{
    public async Task<AttachmentContent> Handle(GetAttachmentContentQuery request, CancellationToken cancellationToken)
    {
        var userId = currentUser.UserId;
        var found = await db.Set<Attachment>()
            .AsNoTracking()
            .Where(a => a.Id == request.AttachmentId)
            .Where(a => (a.MessageId == null && a.UploaderId == userId)
                || db.Set<Message>().Any(m => m.Id == a.MessageId && m.DeletedAt == null
                    && db.Set<Conversation>().Any(c => c.Id == m.ConversationId && (c.RoomId == null
                        ? db.Set<ConversationParticipant>().Any(p => p.ConversationId == c.Id && p.UserId == userId)
                        : db.Set<RoomMember>().Any(r => r.RoomId == c.RoomId && r.UserId == userId)))))
            .Select(a => new { Attachment = a, Key = EF.Property<byte[]?>(a, SealedAttachmentColumns.FileKey), Name = EF.Property<byte[]?>(a, SealedAttachmentColumns.FileName) })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("No such attachment.");

        var attachment = found.Attachment;
        var content = await sealedAttachments.OpenReadAsync(files, attachment.Id, attachment.Sha256, found.Key, sent: attachment.MessageId is not null, cancellationToken);
        var fileName = await sealedAttachments.NameAsync(attachment.Id, attachment.FileName, found.Key, found.Name, cancellationToken);
        return new AttachmentContent(fileName, attachment.ContentType, attachment.Size, attachment.Sha256, attachment.CreatedAt, content);
    }
}
