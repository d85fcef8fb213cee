namespace Chat.Infrastructure.Realtime;

/// <summary>A message push whose arrival on a recipient's socket moves that recipient's delivered marker.</summary>
public sealed record DeliveryReceipt(Guid ConversationId, long Seq, Guid SenderId);
