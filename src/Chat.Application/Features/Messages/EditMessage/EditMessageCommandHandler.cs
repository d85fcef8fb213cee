using Chat.Application.Common.Interfaces;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.EditMessage;

internal sealed class EditMessageCommandHandler(
    ICurrentUser currentUser, MessageChange change, MentionResolver mentionResolver, MessageReader reader, TimeProvider clock)
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
            (conversation, message) => conversation.EditMessage(message, editorId, request.Content!, mentions, clock.GetUtcNow().UtcDateTime),
            cancellationToken);
        return await reader.ReadOneAsync(request.MessageId, editorId, cancellationToken);
    }
}
