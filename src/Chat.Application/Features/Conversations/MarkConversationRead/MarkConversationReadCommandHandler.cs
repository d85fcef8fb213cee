using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Conversations.MarkConversationRead;

internal sealed class MarkConversationReadCommandHandler(IChatDbContext db, ICurrentUser currentUser, ParticipantMarkers markers)
    : IRequestHandler<MarkConversationReadCommand, Unit>
{
    public async Task<Unit> Handle(MarkConversationReadCommand request, CancellationToken cancellationToken)
    {
        var seq = request.Seq ?? await db.Set<Message>()
            .Where(m => m.Id == request.MessageId && m.ConversationId == request.ConversationId)
            .Select(m => (long?)m.Seq)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new RequestValidationException(new Dictionary<string, string[]>
            {
                ["messageId"] = ["The message must be a message of this conversation."],
            });
        await markers.MarkReadAsync(request.ConversationId, currentUser.UserId, seq, cancellationToken);
        return Unit.Value;
    }
}
