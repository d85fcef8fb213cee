using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using Chat.Application.Features.Search;
using Chat.Domain.Messages;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.EditMessage;

/// <summary>
/// Replaces a message's content, keeping the previous one in its edit history. With encryption at rest the stored
/// content is opened first (the domain compares it and records it as the previous content; the save seals both).
/// </summary>
internal sealed class EditMessageCommandHandler(
    IChatDbContext db, ICurrentUser currentUser, MessageChange change, MentionResolver mentionResolver, MessageReader reader, MessageSearchIndex searchIndex,
    IContentProtection protection, TimeProvider clock)
    : IRequestHandler<EditMessageCommand, MessageDto>
{
    public async Task<MessageDto> Handle(EditMessageCommand request, CancellationToken cancellationToken)
    {
        var editorId = currentUser.UserId;
        var conversationId = await change.ConversationOfAsync(request.MessageId, cancellationToken);
        var mentions = await mentionResolver.ResolveAsync(conversationId, editorId, request.Content, cancellationToken);
        await protection.PrepareAsync([conversationId], cancellationToken);
        await change.ApplyAsync(
            request.MessageId,
            messages => messages.Include(m => m.Mentions),
            async (conversation, message, ct) =>
            {
                await OpenStoredContentAsync(message, ct);
                if (conversation.EditMessage(message, editorId, request.Content!, mentions, clock.GetUtcNow().UtcDateTime))
                {
                    await searchIndex.RefreshAsync(message, ct);
                }
            },
            cancellationToken);
        return await reader.ReadOneAsync(request.MessageId, editorId, cancellationToken);
    }

    /// <summary>Puts the opened content on the tracked message as if read so (not a change); an unreadable one stays empty.</summary>
    private async Task OpenStoredContentAsync(Message message, CancellationToken cancellationToken)
    {
        var entry = db.AsDbContext().Entry(message);
        if (message.Content is not null || entry.Property<byte[]?>(SealedColumns.Content).CurrentValue is not { } sealedContent)
        {
            return;
        }

        var text = await protection.OpenAsync(ProtectedContent.MessageContent, message.ConversationId, message.Id, sealedContent, cancellationToken);
        var content = entry.Property(m => m.Content);
        content.CurrentValue = text;
        content.OriginalValue = text;
        content.IsModified = false;
    }
}
