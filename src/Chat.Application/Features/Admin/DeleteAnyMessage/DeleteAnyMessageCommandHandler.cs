using Chat.Application.Common.Persistence;
using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Messages;
using Chat.Domain.Administration;
using Chat.Domain.Messages;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Admin.DeleteAnyMessage;

internal sealed class DeleteAnyMessageCommandHandler(IChatDbContext db, MessageChange change, AuditTrail audit, TimeProvider clock)
    : IRequestHandler<DeleteAnyMessageCommand, MediatR.Unit>
{
    public async Task<MediatR.Unit> Handle(DeleteAnyMessageCommand request, CancellationToken cancellationToken)
    {
        if (!await db.Set<Message>().AnyAsync(m => m.Id == request.MessageId, cancellationToken))
        {
            throw new NotFoundException($"There is no message {request.MessageId}.");
        }

        await change.ApplyAsync(
            request.MessageId,
            messages => messages,
            async (conversation, message, ct) =>
            {
                // As a moderator's delete: the tombstone loses its reactions, mentions and previous contents.
                await db.Set<MessageReaction>().Where(r => r.MessageId == message.Id).LoadAsync(ct);
                await db.Set<MessageMention>().Where(r => r.MessageId == message.Id).LoadAsync(ct);
                await db.Set<MessageEdit>().Where(r => r.MessageId == message.Id).LoadAsync(ct);
                var threadRoot = message.ThreadRootId is { } rootId && !message.IsDeleted
                    ? await db.Set<Message>().Where(m => m.Id == rootId).SingleOrNotFoundAsync($"message {rootId}", ct)
                    : null;
                conversation.DeleteMessageAsAdministrator(message, clock.GetUtcNow().UtcDateTime, threadRoot);
                await audit.RecordAsync(AuditActions.MessageDelete, AuditActions.TargetMessage, message.Id, request.Reason, ct);
            },
            cancellationToken);
        return MediatR.Unit.Value;
    }
}
