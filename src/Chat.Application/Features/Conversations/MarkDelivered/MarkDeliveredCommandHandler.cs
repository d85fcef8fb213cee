using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Conversations.MarkDelivered;

internal sealed class MarkDeliveredCommandHandler(ICurrentUser currentUser, ParticipantMarkers markers) : IRequestHandler<MarkDeliveredCommand, Unit>
{
    public async Task<Unit> Handle(MarkDeliveredCommand request, CancellationToken cancellationToken)
    {
        await markers.MarkDeliveredAsync(request.ConversationId, currentUser.UserId, request.Seq, cancellationToken);
        return Unit.Value;
    }
}
