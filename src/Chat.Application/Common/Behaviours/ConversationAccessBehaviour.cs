using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using Chat.Domain.Friends;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Common.Behaviours;

/// <summary>
/// Authorization declared on the request: an <see cref="IConversationRequest"/> or <see cref="IMessageRequest"/> reaches
/// its handler only when the caller may read that conversation. REST and the socket share it, so both refuse alike.
/// A write checked again where it is stored (<see cref="IRecheckedWhenStored"/>, a send) skips the query when the
/// node's recipient cache already lists the caller.
/// </summary>
internal sealed class ConversationAccessBehaviour<TRequest, TResponse>(
    IConversationMembership membership, ICurrentUser currentUser, IChatDbContext db, IConversationRecipients recipients)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        Guid? conversationId = null;
        if (request is IConversationRequest conversationRequest)
        {
            conversationId = conversationRequest.ConversationId;
            var listedForRecheckedWrite = request is IRecheckedWhenStored && recipients.IsKnownRecipient(conversationRequest.ConversationId, currentUser.UserId);
            if (!listedForRecheckedWrite)
            {
                var access = await membership.AccessAsync(currentUser.UserId, conversationRequest.ConversationId, cancellationToken);
                Enforce(access, $"conversation {conversationRequest.ConversationId}");
            }
        }

        if (request is IMessageRequest messageRequest)
        {
            var (access, ofMessage) = await membership.AccessToMessageAsync(currentUser.UserId, messageRequest.MessageId, cancellationToken);
            Enforce(access, $"the conversation of message {messageRequest.MessageId}");
            conversationId ??= ofMessage;
        }

        if (request is IBlockableWrite && conversationId is { } id && await IsBlockedDirectAsync(id, currentUser.UserId, cancellationToken))
        {
            throw new ForbiddenException("A block stands between you and the other participant of this direct conversation.", "blocked");
        }

        return await next();
    }

    // One query: a direct conversation whose other participant blocked the caller or was blocked by them.
    private Task<bool> IsBlockedDirectAsync(Guid conversationId, Guid me, CancellationToken cancellationToken) =>
        db.Set<ConversationParticipant>().AsNoTracking()
            .Where(p => p.ConversationId == conversationId && p.UserId != me)
            .Where(p => db.Set<Conversation>().Any(c => c.Id == conversationId && c.Kind == ConversationKind.Direct))
            .AnyAsync(p => db.Set<Block>().Any(b => (b.BlockerId == me && b.BlockedId == p.UserId) || (b.BlockerId == p.UserId && b.BlockedId == me)), cancellationToken);

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
