using Chat.Application.Common.Interfaces;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.AddReaction;

internal sealed class AddReactionCommandHandler(ICurrentUser currentUser, MessageChange change, TimeProvider clock)
    : IRequestHandler<AddReactionCommand, Unit>
{
    public async Task<Unit> Handle(AddReactionCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.UserId;
        await change.ApplyAsync(
            request.MessageId,
            messages => messages.Include(m => m.Reactions),
            (conversation, message) => conversation.AddReaction(message, userId, request.Emoji, clock.GetUtcNow().UtcDateTime),
            cancellationToken);
        return Unit.Value;
    }
}
