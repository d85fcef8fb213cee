namespace Chat.Application.Common.Interfaces;

/// <summary>A message push whose arrival on one of a recipient's devices moves that recipient's delivered marker.</summary>
/// <param name="ConversationId">The conversation of the message.</param>
/// <param name="Seq">The message's seq.</param>
/// <param name="SenderId">Its sender (whose own devices report nothing).</param>
public sealed record DeliveryReceipt(Guid ConversationId, long Seq, Guid SenderId);

/// <summary>
/// A server event that, once written to a recipient's socket, reports <see cref="Receipt"/> (direct conversations:
/// the sender then hears <c>message_delivered</c>). Keep <see cref="Receipt"/> out of the JSON.
/// </summary>
public interface IDeliveryTrackedEvent
{
    DeliveryReceipt? Receipt { get; }
}
