namespace Chat.Application.Features.Messages.Events;

/// <summary>Real-time <c>message_deleted</c>: to the participants.</summary>
public sealed record MessageDeletedEvent(Guid ConversationId, Guid MessageId, long Seq, long Version)
{
    public string Type => "message_deleted";
}
