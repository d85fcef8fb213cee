using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.DeleteMessage;

internal sealed class DeleteMessageCommandHandler(IChatDbContext db, ICurrentUser currentUser, MessageChange change, TimeProvider clock)
    : IRequestHandler<DeleteMessageCommand, Unit>
{
    public async Task<Unit> Handle(DeleteMessageCommand request, CancellationToken cancellationToken)
    {
        var actorId = currentUser.UserId;
        await change.ApplyAsync(
            request.MessageId,
            messages => messages,
            async (conversation, message, ct) =>
            {
                // A tombstone loses its reactions, mentions and previous contents: load them (one query each) so they go too.
                await db.Set<MessageReaction>().Where(r => r.MessageId == message.Id).LoadAsync(ct);
                await db.Set<MessageMention>().Where(r => r.MessageId == message.Id).LoadAsync(ct);
                await db.Set<MessageEdit>().Where(r => r.MessageId == message.Id).LoadAsync(ct);
                var actor = await db.Set<ConversationParticipant>().SingleOrDefaultAsync(p => p.ConversationId == conversation.Id && p.UserId == actorId, ct)
                    ?? throw new ForbiddenException($"You are not a participant of conversation {conversation.Id}.", "not_a_participant");
                var threadRoot = message.ThreadRootId is { } rootId && !message.IsDeleted
                    ? await db.Set<Message>().SingleAsync(m => m.Id == rootId, ct)
                    : null;
                conversation.DeleteMessage(message, actor, clock.GetUtcNow().UtcDateTime, threadRoot);
            },
            cancellationToken);
        return Unit.Value;
    }
}
