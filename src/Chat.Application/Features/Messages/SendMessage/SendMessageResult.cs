namespace Chat.Application.Features.Messages.SendMessage;

/// <summary>The stored message; <see cref="Created"/> is false when a retry found the message its client id already made.</summary>
public sealed record SendMessageResult(MessageDto Message, bool Created);
