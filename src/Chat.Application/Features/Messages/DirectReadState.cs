namespace Chat.Application.Features.Messages;

/// <summary>The markers of the other participant of a direct conversation, from which own messages get their status.</summary>
internal sealed record DirectReadState(Guid ConversationId, long LastReadSeq, long LastDeliveredSeq)
{
    public MessageStatus StatusOf(long seq) =>
        LastReadSeq >= seq ? MessageStatus.Read : LastDeliveredSeq >= seq ? MessageStatus.Delivered : MessageStatus.Sent;
}
