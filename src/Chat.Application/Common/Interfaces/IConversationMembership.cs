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

    /// <summary>The users who may read the conversation: a direct or group conversation's participants, a channel's room members.</summary>
    Task<IReadOnlyList<Guid>> ParticipantIdsAsync(Guid conversationId, CancellationToken cancellationToken);

    /// <summary>Every conversation the user may read: their direct and group conversations and the channels of their rooms.</summary>
    Task<IReadOnlyList<Guid>> ConversationIdsOfAsync(Guid userId, CancellationToken cancellationToken);
}
