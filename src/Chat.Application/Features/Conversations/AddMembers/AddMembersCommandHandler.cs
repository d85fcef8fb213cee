using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Conversations.AddMembers;

internal sealed class AddMembersCommandHandler(
    ICurrentUser currentUser, IConversationMembership membership, UserChecks users, ConversationMembershipChange change, ConversationReader reader, TimeProvider clock)
    : IRequestHandler<AddMembersCommand, ConversationDto>
{
    public async Task<ConversationDto> Handle(AddMembersCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var members = await membership.ParticipantIdsAsync(request.ConversationId, cancellationToken);
        var userIds = request.UserIds!.Distinct().Except(members).ToList();
        await users.EnsureExistAsync(userIds, cancellationToken);
        await users.EnsureFriendsAsync(me, userIds, cancellationToken);
        await change.ApplyAsync(
            request.ConversationId,
            me,
            (conversation, actor) => conversation.AddMembers(actor, userIds, clock.GetUtcNow().UtcDateTime),
            cancellationToken);
        return await reader.ReadOneAsync(request.ConversationId, me, cancellationToken);
    }
}
