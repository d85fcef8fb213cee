namespace Chat.Application.Features.Messages.Events;

/// <summary>Real-time <c>message_edited</c>: to the participants.</summary>
public sealed record MessageEditedEvent(MessageDto Message)
{
    public string Type => "message_edited";
}
