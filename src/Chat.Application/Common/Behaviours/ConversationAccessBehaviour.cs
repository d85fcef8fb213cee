using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Common.Behaviours;

/// <summary>
/// Authorization declared on the request: an <see cref="IConversationRequest"/> or <see cref="IMessageRequest"/> reaches
/// its handler only when the caller may read that conversation. REST and the socket share it, so both refuse alike.
/// </summary>
internal sealed class ConversationAccessBehaviour<TRequest, TResponse>(IConversationMembership membership, ICurrentUser currentUser)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is IConversationRequest conversationRequest)
        {
            var access = await membership.AccessAsync(currentUser.UserId, conversationRequest.ConversationId, cancellationToken);
            Enforce(access, $"conversation {conversationRequest.ConversationId}");
        }

        if (request is IMessageRequest messageRequest)
        {
            var (access, _) = await membership.AccessToMessageAsync(currentUser.UserId, messageRequest.MessageId, cancellationToken);
            Enforce(access, $"the conversation of message {messageRequest.MessageId}");
        }

        return await next();
    }

    private static void Enforce(ConversationAccess access, string what)
    {
        switch (access)
        {
            case ConversationAccess.Missing:
                throw new NotFoundException($"There is no {what.Replace("the conversation of ", string.Empty)}.");
            case ConversationAccess.Denied:
                throw new ForbiddenException($"You are not a participant of {what}.", "not_a_participant");
        }
    }
}
