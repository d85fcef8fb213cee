using Chat.Application.Features.Conversations;
using Chat.Application.Features.Conversations.CreateDirectConversation;
using Chat.Application.Features.Messages.SendMessage;
using MediatR;

namespace Chat.Application.Features.Messages.SendDirectMessage;

/// <summary>
/// Opens or reuses the direct conversation through its own handler (self, unknown user, block and friendship rules),
/// then sends through the mediator, so the send passes the same access check, validation and <c>SendMessage</c> rate
/// limit as <c>POST /conversations/{id}/messages</c>. Opening is not charged to <c>CreateConversation</c>: it happens
/// once per pair.
/// </summary>
internal sealed class SendDirectMessageCommandHandler(
    IRequestHandler<CreateDirectConversationCommand, CreateConversationResult> directConversations, IMediator mediator)
    : IRequestHandler<SendDirectMessageCommand, SendMessageResult>
{
    public async Task<SendMessageResult> Handle(SendDirectMessageCommand request, CancellationToken cancellationToken)
    {
        var direct = await directConversations.Handle(new CreateDirectConversationCommand(request.UserId), cancellationToken);
        return await mediator.Send(
            new SendMessageCommand(direct.Conversation.Id, request.Content, request.ClientMessageId, request.ReplyToId), cancellationToken);
    }
}
