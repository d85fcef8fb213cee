namespace Chat.Application.Features.Conversations.Events;

/// <summary>Real-time <c>message_read</c>: to the participants (the reader's other devices too).</summary>
public sealed record MessageReadEvent(Guid ConversationId, Guid UserId, long Seq)
{
    public string Type => "message_read";
}
