using Chat.Application.Common.Persistence;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Conversations;
using Chat.Domain.Messages;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.MarkMessageRead;

internal sealed class MarkMessageReadCommandHandler(IChatDbContext db, ICurrentUser currentUser, ParticipantMarkers markers)
    : IRequestHandler<MarkMessageReadCommand, Unit>
{
    public async Task<Unit> Handle(MarkMessageReadCommand request, CancellationToken cancellationToken)
    {
        var message = await db.Set<Message>().Where(m => m.Id == request.MessageId).Select(m => new { m.ConversationId, m.Seq }).SingleOrNotFoundAsync($"message {request.MessageId}", cancellationToken);
        await markers.MarkReadAsync(message.ConversationId, currentUser.UserId, message.Seq, cancellationToken);
        return Unit.Value;
    }
}
