namespace Chat.Application.Common.Interfaces;

/// <summary>
/// Answers <see cref="ConversationRecipients"/>: from the database, or from the node's cache (kept in step by the
/// membership changes made on this node, and by the scale-out bus for the others).
/// </summary>
public interface IConversationRecipients
{
    /// <summary>The recipients; a conversation that does not exist has none.</summary>
    ValueTask<ConversationRecipients> OfAsync(Guid conversationId, CancellationToken cancellationToken);
}
