namespace Chat.Application.Common.Interfaces;

/// <summary>Who takes part in a conversation (for live events that are not stored, such as typing).</summary>
public interface IConversationParticipants
{
    /// <summary>The participants' user ids (room members for a channel); null when the conversation does not exist.</summary>
    Task<IReadOnlyList<Guid>?> ParticipantIdsAsync(Guid conversationId, CancellationToken cancellationToken);
}
