namespace Chat.Application.Common.Interfaces;

/// <summary>Who receives a conversation's events, and what the events' views need to know about it.</summary>
/// <param name="UserIds">The participants (for a channel, as <see cref="IConversationMembership.ParticipantIdsAsync"/> answers).</param>
/// <param name="IsDirect">A direct conversation: message pushes carry a delivery receipt and the sender's own view a status.</param>
/// <param name="RoomId">The room of a channel (its membership changes change the channel's recipients).</param>
public sealed record ConversationRecipients(IReadOnlyList<Guid> UserIds, bool IsDirect, Guid? RoomId);

/// <summary>
/// Answers <see cref="ConversationRecipients"/>: from the database, or from the node's cache (kept in step by the
/// membership changes made on this node, and by the scale-out bus for the others).
/// </summary>
public interface IConversationRecipients
{
    /// <summary>The recipients; a conversation that does not exist has none.</summary>
    ValueTask<ConversationRecipients> OfAsync(Guid conversationId, CancellationToken cancellationToken);
}
