using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Messages.Events;

namespace Chat.Infrastructure.Realtime;

/// <summary>
/// Recipients from the node's <see cref="RecipientCache"/> when its entry is at least at the event's membership version,
/// read from the database otherwise (a miss, an older entry, or an event without a version).
/// </summary>
internal sealed class CachedConversationRecipients(RecipientCache cache, StoredConversationRecipients stored) : IConversationRecipients
{
    public ValueTask<ConversationRecipients> OfAsync(Guid conversationId, long? membershipVersion, CancellationToken cancellationToken) =>
        cache.GetOrLoadAsync(conversationId, membershipVersion, ct => stored.OfAsync(conversationId, membershipVersion, ct), cancellationToken);

    public bool IsKnownRecipient(Guid conversationId, Guid userId) => cache.IsKnownRecipient(conversationId, userId);
}
