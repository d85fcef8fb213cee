using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Conversations.RemoveMember;

internal sealed class RemoveMemberCommandHandler(ICurrentUser currentUser, ConversationMembershipChange change, TimeProvider clock)
    : IRequestHandler<RemoveMemberCommand, Unit>
{
    public async Task<Unit> Handle(RemoveMemberCommand request, CancellationToken cancellationToken)
    {
        await change.ApplyAsync(
            request.ConversationId,
            currentUser.UserId,
            (conversation, actor) => conversation.RemoveMember(actor, request.UserId, clock.GetUtcNow().UtcDateTime),
            cancellationToken);
        return Unit.Value;
    }
}
