using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using MediatR;

namespace Chat.Application.Features.Conversations.CreateGroupConversation;

internal sealed class CreateGroupConversationCommandHandler(
    IChatDbContext db, ICurrentUser currentUser, UserChecks users, ConversationReader reader, TimeProvider clock)
    : IRequestHandler<CreateGroupConversationCommand, ConversationDto>
{
    public async Task<ConversationDto> Handle(CreateGroupConversationCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var members = request.MemberIds!.Where(id => id != me).Distinct().ToList();
        await users.EnsureExistAsync(members, cancellationToken);
        await users.EnsureFriendsAsync(me, members, cancellationToken);

        var conversation = Conversation.StartGroup(me, request.Title!, members, clock.GetUtcNow().UtcDateTime);
        db.Set<Conversation>().Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
        return await reader.ReadOneAsync(conversation.Id, me, cancellationToken);
    }
}
