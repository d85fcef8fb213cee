namespace Chat.Application.Common.Interfaces;

/// <summary>Who receives a conversation's events, and what the events' views need to know about it.</summary>
/// <param name="UserIds">The participants (for a channel, as <see cref="IConversationMembership.ParticipantIdsAsync"/> answers).</param>
/// <param name="IsDirect">A direct conversation: message pushes carry a delivery receipt and the sender's own view a status.</param>
/// <param name="RoomId">The room of a channel (its membership changes change the channel's recipients).</param>
public sealed record ConversationRecipients(IReadOnlyList<Guid> UserIds, bool IsDirect, Guid? RoomId);
