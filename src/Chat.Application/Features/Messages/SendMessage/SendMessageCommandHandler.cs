using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Attachments;
using Chat.Domain.Attachments;
using Chat.Domain.Messages;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.SendMessage;

/// <summary>
/// Checks what can be answered before the write (attachments: 422 when not the sender's uploads, 409 when one is
/// already sent; mentions resolved), then hands the send to the node's <see cref="MessageWriter"/>, which stores it
/// with the other sends waiting (group commit, <see cref="MessageBatchStore"/>) and answers after the commit. The
/// answer is built from what was written; a retry of a client id answers the first message, read from the database.
/// 429 <c>rate_limited</c> when the writer's queue is full. Once queued, the send tells its <see cref="SendQueueSignal"/>
/// (a socket then reads its next frame while this one commits).
/// </summary>
internal sealed class SendMessageCommandHandler(
    IChatDbContext db, ICurrentUser currentUser, MentionResolver mentionResolver, MessageReader reader, MessageWriter writer, SealedAttachments sealedAttachments,
    SendQueueSignal queueSignal)
    : IRequestHandler<SendMessageCommand, SendMessageResult>
{
    public async Task<SendMessageResult> Handle(SendMessageCommand request, CancellationToken cancellationToken)
    {
        var senderId = currentUser.UserId;
        var attachments = await UnsentAttachmentsAsync(request.AttachmentIds ?? [], senderId, cancellationToken);
        if (attachments is null)
        {
            // One is in a message already: a retry of the send that took it answers that send; anything else is refused.
            return await FindRetriedAsync(request, senderId, cancellationToken) is { } retried
                ? new SendMessageResult(await reader.ReadOneAsync(retried, senderId, cancellationToken), Created: false)
                : throw new ConflictException("An attachment is already part of another message.", "attachment_already_sent");
        }

        var mentions = await mentionResolver.ResolveAsync(request.ConversationId, senderId, request.Content, cancellationToken);
        var written = writer.WriteAsync(new QueuedSend(request, senderId, mentions, attachments, currentUser.SocketSessionId), cancellationToken);
        queueSignal.Queued();
        var outcome = await written;
        return outcome.Stored is { } stored
            ? new SendMessageResult(stored, Created: true)
            : new SendMessageResult(await reader.ReadOneAsync(outcome.MessageId, senderId, cancellationToken), Created: false);
    }

    /// <summary>
    /// The named uploads (untracked, in upload order), or null when one is already in a message. 422 for ids that are
    /// not the sender's uploads.
    /// </summary>
    private async Task<IReadOnlyList<Attachment>?> UnsentAttachmentsAsync(IReadOnlyList<Guid> ids, Guid senderId, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var found = await db.Set<Attachment>().AsNoTracking()
            .Where(a => ids.Contains(a.Id) && a.UploaderId == senderId)
            .OrderBy(a => a.CreatedAt)
            .ToListAsync(ct);
        if (found.Count != ids.Count)
        {
            throw new RequestValidationException(new Dictionary<string, string[]>
            {
                ["attachmentIds"] = ["Each attachment must be an upload of yours (POST /attachments)."],
            });
        }

        if (found.Any(a => a.MessageId is not null))
        {
            return null;
        }

        // Sealed names (encryption at rest) opened: the search row and the answer are built from these entities.
        await sealedAttachments.RevealAsync(found, ct);
        return found;
    }

    private async Task<Guid?> FindRetriedAsync(SendMessageCommand request, Guid senderId, CancellationToken ct) =>
        request.ClientMessageId is null
            ? null
            : await db.Set<Message>()
                .Where(m => m.ConversationId == request.ConversationId && m.SenderId == senderId && m.ClientMessageId == request.ClientMessageId)
                .Select(m => (Guid?)m.Id)
                .FirstOrDefaultAsync(ct);
}
