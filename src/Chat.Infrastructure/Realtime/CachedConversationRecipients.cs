using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Messages.Events;

namespace Chat.Infrastructure.Realtime;

/// <summary>Recipients from the node's <see cref="RecipientCache"/>, read from the database on a miss.</summary>
internal sealed class CachedConversationRecipients(RecipientCache cache, StoredConversationRecipients stored) : IConversationRecipients
{
    public ValueTask<ConversationRecipients> OfAsync(Guid conversationId, CancellationToken cancellationToken) =>
        cache.GetOrLoadAsync(conversationId, ct => stored.OfAsync(conversationId, ct), cancellationToken);
}
