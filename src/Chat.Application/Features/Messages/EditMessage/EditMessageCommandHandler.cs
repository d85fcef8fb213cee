using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Search;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.EditMessage;

internal sealed class EditMessageCommandHandler(
    ICurrentUser currentUser, MessageChange change, MentionResolver mentionResolver, MessageReader reader, MessageSearchIndex searchIndex, TimeProvider clock)
    : IRequestHandler<EditMessageCommand, MessageDto>
{
    public async Task<MessageDto> Handle(EditMessageCommand request, CancellationToken cancellationToken)
    {
        var editorId = currentUser.UserId;
        var conversationId = await change.ConversationOfAsync(request.MessageId, cancellationToken);
        var mentions = await mentionResolver.ResolveAsync(conversationId, editorId, request.Content, cancellationToken);
        await change.ApplyAsync(
            request.MessageId,
            messages => messages.Include(m => m.Mentions),
            async (conversation, message, ct) =>
            {
                if (conversation.EditMessage(message, editorId, request.Content!, mentions, clock.GetUtcNow().UtcDateTime))
                {
                    await searchIndex.RefreshAsync(message, ct);
                }
            },
            cancellationToken);
        return await reader.ReadOneAsync(request.MessageId, editorId, cancellationToken);
    }
}
