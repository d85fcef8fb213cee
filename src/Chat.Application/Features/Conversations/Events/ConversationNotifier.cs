using Chat.Application.Common.Interfaces;

namespace Chat.Application.Features.Conversations.Events;

/// <summary>Sends each participant the conversation as they see it (their read marker and unread count differ).</summary>
internal sealed class ConversationNotifier(ConversationReader reader, IRealtimeNotifier notifier)
{
    /// <param name="created">Which participants hear <c>conversation_created</c> (it is new to them); the others hear <c>conversation_updated</c>.</param>
    public async Task NotifyAsync(Guid conversationId, Func<Guid, bool> created, CancellationToken cancellationToken)
    {
        foreach (var (userId, conversation) in await reader.ReadForEachParticipantAsync(conversationId, cancellationToken))
        {
            object realtimeEvent = created(userId) ? new ConversationCreatedEvent(conversation) : new ConversationUpdatedEvent(conversation);
            await notifier.NotifyUsersAsync([userId], realtimeEvent, cancellationToken: cancellationToken);
        }
    }
}
