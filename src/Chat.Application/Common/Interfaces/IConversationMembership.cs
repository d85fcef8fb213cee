namespace Chat.Application.Common.Interfaces;

/// <summary>
/// Who may read which conversation. The authorization behaviour asks it for every conversation or message request,
/// and real-time delivery asks it whom to tell and what a socket may subscribe to.
/// </summary>
public interface IConversationMembership
{
    Task<ConversationAccess> AccessAsync(Guid userId, Guid conversationId, CancellationToken cancellationToken);

    /// <summary>Access to the conversation that holds <paramref name="messageId"/>, with that conversation's id.</summary>
    Task<(ConversationAccess Access, Guid ConversationId)> AccessToMessageAsync(Guid userId, Guid messageId, CancellationToken cancellationToken);

    Task<bool> CanReadAsync(Guid userId, Guid conversationId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Guid>> ParticipantIdsAsync(Guid conversationId, CancellationToken cancellationToken);

    /// <summary>Every conversation the user takes part in (direct and group).</summary>
    Task<IReadOnlyList<Guid>> ConversationIdsOfAsync(Guid userId, CancellationToken cancellationToken);
}
