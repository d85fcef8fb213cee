using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Conversations.CreateDirectConversation;

/// <summary>
/// One direct conversation per pair, even under concurrent requests from both sides: the unique direct key refuses
/// the second row, and the loser answers with the winner's conversation (200).
/// </summary>
internal sealed class CreateDirectConversationCommandHandler(
    IChatDbContext db, ICurrentUser currentUser, IFriendshipQueries friendships, UserChecks users, DirectMessageOptions options,
    ConversationReader reader, TimeProvider clock)
    : IRequestHandler<CreateDirectConversationCommand, CreateConversationResult>
{
    public async Task<CreateConversationResult> Handle(CreateDirectConversationCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        if (request.UserId == me)
        {
            throw new BadRequestException("A direct conversation needs another user.", "cannot_message_self");
        }

        await users.EnsureExistAsync([request.UserId], cancellationToken);
        if (await friendships.IsBlockedAsync(me, request.UserId, cancellationToken))
        {
            throw new ForbiddenException("You cannot start a conversation with this user.", "blocked");
        }

        var key = Conversation.DirectKeyOf(me, request.UserId);
        if (await FindAsync(key, cancellationToken) is { } existing)
        {
            return new CreateConversationResult(await reader.ReadOneAsync(existing, me, cancellationToken), Created: false);
        }

        if (options.RequireFriendship)
        {
            await users.EnsureFriendsAsync(me, [request.UserId], cancellationToken);
        }

        var conversation = Conversation.StartDirect(me, request.UserId, clock.GetUtcNow().UtcDateTime);
        db.Set<Conversation>().Add(conversation);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            db.ClearTracking();
            var winner = await FindAsync(key, cancellationToken) ?? throw new InvalidOperationException("Creating the conversation failed.", ex);
            return new CreateConversationResult(await reader.ReadOneAsync(winner, me, cancellationToken), Created: false);
        }

        return new CreateConversationResult(await reader.ReadOneAsync(conversation.Id, me, cancellationToken), Created: true);
    }

    private async Task<Guid?> FindAsync(string key, CancellationToken ct) =>
        await db.Set<Conversation>().Where(c => c.DirectKey == key).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
}
