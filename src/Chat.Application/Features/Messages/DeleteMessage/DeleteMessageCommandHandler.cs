using Chat.Application.Common.Persistence;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Conversations;
using Chat.Application.Features.Rooms;
using Chat.Application.Features.Search;
using Chat.Domain.Messages;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.DeleteMessage;

internal sealed class DeleteMessageCommandHandler(IChatDbContext db, ICurrentUser currentUser, MessageChange change, RoomReader rooms, MessageSearchIndex searchIndex, TimeProvider clock)
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
                var actor = await db.RequireParticipantAsync(conversation.Id, actorId, ct);
                var threadRoot = message.ThreadRootId is { } rootId && !message.IsDeleted
                    ? await db.Set<Message>().Where(m => m.Id == rootId).SingleOrNotFoundAsync($"message {rootId}", ct)
                    : null;

                // In a channel, the room's moderators and above may delete anyone's message.
                var roomRole = conversation.RoomId is { } roomId ? (await rooms.AccessAsync(roomId, actorId, ct)).Role : null;
                if (conversation.DeleteMessage(message, actor, clock.GetUtcNow().UtcDateTime, threadRoot, roomRole))
                {
                    await searchIndex.RefreshAsync(message, ct);
                }
            },
            cancellationToken);
        return Unit.Value;
    }
}
