namespace Chat.Application.Common.Interfaces;

/// <summary>
/// Answers <see cref="ConversationRecipients"/>: from the database, or from the node's cache when its entry is at least
/// at the event's membership version (kept fresh by the membership changes made on this node, and by the scale-out bus
/// for the others; the version makes it exact however late those arrive — docs/scale-out.md "Recipient cache").
/// </summary>
public interface IConversationRecipients
{
    /// <summary>The recipients; a conversation that does not exist has none.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="membershipVersion">
    /// The event's membership version (<see cref="ConversationPush.MembershipVersion"/>): the answer is of this version
    /// or a later one. Null: read from the database.
    /// </param>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<ConversationRecipients> OfAsync(Guid conversationId, long? membershipVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Whether this node's memory already lists <paramref name="userId"/> among the recipients of
    /// <paramref name="conversationId"/>, without reading anything: false when it does not know (no cache, no entry, a
    /// membership change under way). A hint that may be stale — a change made on another node reaches this one later —
    /// so only a caller that checks membership again where it matters may act on it (a send is checked again under the
    /// conversation's lock, <see cref="Behaviours.IRecheckedWhenStored"/>).
    /// </summary>
    bool IsKnownRecipient(Guid conversationId, Guid userId);
}
