namespace Chat.Application.Features.Conversations.Events;

/// <summary>Real-time <c>message_delivered</c>: to the sender in a direct conversation.</summary>
public sealed record MessageDeliveredEvent(Guid ConversationId, Guid UserId, long Seq)
{
    public string Type => "message_delivered";
}
