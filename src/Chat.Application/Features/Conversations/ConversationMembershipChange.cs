using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using Chat.Domain.Conversations;

namespace Chat.Application.Features.Conversations;

/// <summary>
/// The unit of work of a change to a conversation's details or members: in one transaction, lock the conversation
/// (so the member limit holds under concurrent adds), load it with all its participants, apply, save.
/// </summary>
internal sealed class ConversationMembershipChange(IChatDbContext db)
{
    public Task ApplyAsync(Guid conversationId, Guid actorId, Action<Conversation, ConversationParticipant> change, CancellationToken cancellationToken) =>
        ApplyAsync(
            conversationId,
            actorId,
            (conversation, actor, _) =>
            {
                change(conversation, actor);
                return Task.CompletedTask;
            },
            cancellationToken);

    /// <param name="change">Applies the domain method; it may still refuse (throw) after it, and then nothing is saved.</param>
    public Task ApplyAsync(
        Guid conversationId, Guid actorId, Func<Conversation, ConversationParticipant, CancellationToken, Task> change, CancellationToken cancellationToken) =>
        db.InTransactionWithRetryAsync(
            async ct =>
            {
                var conversation = await db.LockConversationAsync(conversationId, ct, withParticipants: true);
                var actor = conversation.ParticipantOf(actorId) ?? throw ParticipantLookup.NotAParticipant(conversationId);
                await change(conversation, actor, ct);
                await db.SaveChangesAsync(ct);
                return true;
            },
            cancellationToken);
}
