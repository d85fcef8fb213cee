using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using Chat.Application.Features.Conversations;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages;

/// <summary>
/// The unit of work of every change to an existing message: in one transaction, lock its conversation (the version
/// counter), load the message with what the change needs, apply the domain method, save.
/// </summary>
internal sealed class MessageChange(IChatDbContext db)
{
    public async Task<Guid> ConversationOfAsync(Guid messageId, CancellationToken cancellationToken) =>
        await db.Set<Message>().Where(m => m.Id == messageId).Select(m => (Guid?)m.ConversationId).SingleOrDefaultAsync(cancellationToken)
            ?? throw FoundQueries.Gone($"message {messageId}");

    public Task ApplyAsync(
        Guid messageId, Func<IQueryable<Message>, IQueryable<Message>> include, Action<Conversation, Message> change, CancellationToken cancellationToken) =>
        ApplyAsync(
            messageId,
            include,
            (conversation, message, _) =>
            {
                change(conversation, message);
                return Task.CompletedTask;
            },
            cancellationToken);

    public Task ApplyAsync(
        Guid messageId,
        Func<IQueryable<Message>, IQueryable<Message>> include,
        Func<Conversation, Message, CancellationToken, Task> change,
        CancellationToken cancellationToken) =>
        db.InTransactionWithRetryAsync(
            async ct =>
            {
                var conversationId = await ConversationOfAsync(messageId, ct);
                var conversation = await db.LockConversationAsync(conversationId, ct);
                var message = await include(db.Set<Message>()).Where(m => m.Id == messageId).SingleOrNotFoundAsync($"message {messageId}", ct);
                await change(conversation, message, ct);
                await db.SaveChangesAsync(ct);
                return true;
            },
            cancellationToken);
}
