using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Conversations.AddMembers;

/// <summary>
/// The group decides first (owner only, member limit, who is new); the newcomers must then exist and be the caller's
/// friends, or the transaction rolls back and nothing changes.
/// </summary>
internal sealed class AddMembersCommandHandler(
    ICurrentUser currentUser, UserChecks users, ConversationMembershipChange change, ConversationReader reader, TimeProvider clock)
    : IRequestHandler<AddMembersCommand, ConversationDto>
{
    public async Task<ConversationDto> Handle(AddMembersCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        await change.ApplyAsync(
            request.ConversationId,
            me,
            async (conversation, actor, ct) =>
            {
                var newcomers = conversation.AddMembers(actor, request.UserIds!, clock.GetUtcNow().UtcDateTime).Select(p => p.UserId).ToList();
                await users.EnsureExistAsync(newcomers, ct);
                await users.EnsureFriendsAsync(me, newcomers, ct);
            },
            cancellationToken);
        return await reader.ReadOneAsync(request.ConversationId, me, cancellationToken);
    }
}
