using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using Chat.Application.Features.Conversations;
using Chat.Application.Features.Search;
using Chat.Domain.Attachments;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.SendMessage;

/// <summary>
/// Stores a message in one transaction: lock the conversation row, take the next seq and version, insert the message,
/// claim its attachments, index it for search, move the sender's read marker, refresh every participant's activity copy.
/// Retries of a client id answer the first.
/// </summary>
internal sealed class SendMessageCommandHandler(
    IChatDbContext db, ICurrentUser currentUser, IFriendshipQueries friendships, MentionResolver mentionResolver, MessageReader reader,
    MessageSearchIndex searchIndex, TimeProvider clock)
    : IRequestHandler<SendMessageCommand, SendMessageResult>
{
    public async Task<SendMessageResult> Handle(SendMessageCommand request, CancellationToken cancellationToken)
    {
        var senderId = currentUser.UserId;
        if (await FindRetriedAsync(request, senderId, cancellationToken) is { } earlier)
        {
            return new SendMessageResult(await reader.ReadOneAsync(earlier, senderId, cancellationToken), Created: false);
        }

        await EnsureNotBlockedAsync(request.ConversationId, senderId, cancellationToken);
        var fileNames = await EnsureAttachmentsUsableAsync(request.AttachmentIds ?? [], senderId, cancellationToken);
        var mentions = await mentionResolver.ResolveAsync(request.ConversationId, senderId, request.Content, cancellationToken);

        // Should the unique (conversation, sender, client id) index refuse a duplicate, the retry finds the first one and answers with it.
        var stored = await db.InTransactionWithRetryAsync(ct => StoreAsync(request, senderId, mentions, fileNames, ct), cancellationToken);
        return new SendMessageResult(await reader.ReadOneAsync(stored.Id, senderId, cancellationToken), stored.Created);
    }

    private async Task<(Guid Id, bool Created)> StoreAsync(
        SendMessageCommand request, Guid senderId, IReadOnlyList<Guid> mentions, IReadOnlyList<string> fileNames, CancellationToken ct)
    {
        var conversation = await db.LockConversationAsync(request.ConversationId, ct);
        if (await FindRetriedAsync(request, senderId, ct) is { } raced)
        {
            return (raced, false);
        }

        var sender = await db.RequireParticipantAsync(conversation.Id, senderId, ct);
        var (replyTo, threadRoot) = await LoadReplyTargetAsync(request, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var attachmentIds = request.AttachmentIds ?? [];
        var message = conversation.AppendMessage(
            sender, request.Content, request.ClientMessageId, replyTo, mentions, now, threadRoot, hasAttachments: attachmentIds.Count > 0);
        db.Set<Message>().Add(message);
        searchIndex.Add(message, fileNames);
        await db.SaveChangesAsync(ct);
        await ClaimAttachmentsAsync(message.Id, attachmentIds, senderId, ct);
        return (message.Id, true);
    }

    private async Task<(Message? ReplyTo, Message? ThreadRoot)> LoadReplyTargetAsync(SendMessageCommand request, CancellationToken ct)
    {
        if (request.ReplyToId is not { } replyToId)
        {
            return (null, null);
        }

        var replyTo = await db.Set<Message>().SingleOrDefaultAsync(m => m.Id == replyToId && m.ConversationId == request.ConversationId, ct)
            ?? throw new RequestValidationException(new Dictionary<string, string[]>
            {
                ["replyToId"] = ["The message replied to must be a message of this conversation."],
            });
        var threadRoot = replyTo.ThreadRootId is { } rootId ? await db.Set<Message>().Where(m => m.Id == rootId).SingleOrNotFoundAsync($"message {rootId}", ct) : null;
        return (replyTo, threadRoot);
    }

    /// <summary>
    /// Clear answers before the transaction: 422 for ids that are not the sender's uploads, 409 for ones already sent.
    /// Answers their file names (for the search index) in upload order.
    /// </summary>
    private async Task<IReadOnlyList<string>> EnsureAttachmentsUsableAsync(IReadOnlyList<Guid> ids, Guid senderId, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var found = await db.Set<Attachment>()
            .Where(a => ids.Contains(a.Id) && a.UploaderId == senderId)
            .OrderBy(a => a.CreatedAt)
            .Select(a => new { a.Id, a.MessageId, a.FileName })
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
            throw new ConflictException("An attachment is already part of another message.", "attachment_already_sent");
        }

        return found.Select(a => a.FileName).ToList();
    }

    /// <summary>
    /// Claims the attachments with one conditional update (still unsent, still the sender's): if another send or the
    /// clean-up job took one first, fewer rows change and the whole send rolls back with 409.
    /// </summary>
    private async Task ClaimAttachmentsAsync(Guid messageId, IReadOnlyList<Guid> ids, Guid senderId, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var claimed = await db.Set<Attachment>()
            .Where(a => ids.Contains(a.Id) && a.UploaderId == senderId && a.MessageId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.MessageId, (Guid?)messageId), ct);
        if (claimed != ids.Count)
        {
            throw new ConflictException("An attachment was sent in another message or has expired.", "attachment_already_sent");
        }
    }

    private async Task<Guid?> FindRetriedAsync(SendMessageCommand request, Guid senderId, CancellationToken ct) =>
        request.ClientMessageId is null
            ? null
            : await db.Set<Message>()
                .Where(m => m.ConversationId == request.ConversationId && m.SenderId == senderId && m.ClientMessageId == request.ClientMessageId)
                .Select(m => (Guid?)m.Id)
                .FirstOrDefaultAsync(ct);

    /// <summary>A block (either way) or a deleted account stops sending into a direct conversation; groups are not affected.</summary>
    private async Task EnsureNotBlockedAsync(Guid conversationId, Guid senderId, CancellationToken ct)
    {
        var others = await db.Set<ConversationParticipant>()
            .Where(p => p.ConversationId == conversationId && p.UserId != senderId)
            .Where(p => db.Set<Conversation>().Any(c => c.Id == p.ConversationId && c.Kind == ConversationKind.Direct))
            .Select(p => p.UserId)
            .ToListAsync(ct);
        // The other participant's account was deleted: the conversation stays readable, nobody is there to answer.
        if (others.Count > 0 && await db.Set<User>().AnyAsync(u => others.Contains(u.Id) && u.DeletedAt != null, ct))
        {
            throw new ForbiddenException("The other participant deleted their account.", "user_deleted");
        }

        foreach (var other in others)
        {
            if (await friendships.IsBlockedAsync(senderId, other, ct))
            {
                throw new ForbiddenException("You cannot message this user.", "blocked");
            }
        }
    }
}
