using Chat.Application.Common.Interfaces;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.RemoveReaction;

internal sealed class RemoveReactionCommandHandler(ICurrentUser currentUser, MessageChange change, TimeProvider clock)
    : IRequestHandler<RemoveReactionCommand, Unit>
{
    public async Task<Unit> Handle(RemoveReactionCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.UserId;
        await change.ApplyAsync(
            request.MessageId,
            messages => messages.Include(m => m.Reactions),
            (conversation, message) => conversation.RemoveReaction(message, userId, request.Emoji, clock.GetUtcNow().UtcDateTime),
            cancellationToken);
        return Unit.Value;
    }
}
