using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Conversations.UpdateConversation;

internal sealed class UpdateConversationCommandHandler(
    ICurrentUser currentUser, ConversationMembershipChange change, ConversationReader reader, TimeProvider clock)
    : IRequestHandler<UpdateConversationCommand, ConversationDto>
{
    public async Task<ConversationDto> Handle(UpdateConversationCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        await change.ApplyAsync(
            request.ConversationId,
            me,
            (conversation, actor) => conversation.UpdateDetails(actor, request.Title, request.Topic, clock.GetUtcNow().UtcDateTime),
            cancellationToken);
        return await reader.ReadOneAsync(request.ConversationId, me, cancellationToken);
    }
}
