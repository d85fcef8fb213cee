namespace Chat.Application.Features.Messages.Events;

/// <summary>Real-time <c>new_message</c>: to every socket of every participant but the sending one.</summary>
public sealed record NewMessageEvent(MessageDto Message)
{
    public string Type => "new_message";
}
