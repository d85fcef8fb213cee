namespace Chat.Application.Common.Interfaces;

/// <summary>Who receives a conversation's events, and what the events' views need to know about it.</summary>
/// <param name="UserIds">The participants (for a channel, as <see cref="IConversationMembership.ParticipantIdsAsync"/> answers).</param>
/// <param name="IsDirect">A direct conversation: message pushes carry a delivery receipt and the sender's own view a status.</param>
/// <param name="RoomId">The room of a channel (its membership changes change the channel's recipients).</param>
/// <param name="MembershipVersion">
/// The conversation's membership version read before <paramref name="UserIds"/> (so the list is of that version or
/// newer); -1 for a conversation that does not exist.
/// </param>
public sealed record ConversationRecipients(IReadOnlyList<Guid> UserIds, bool IsDirect, Guid? RoomId, long MembershipVersion);
