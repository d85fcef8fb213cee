namespace Chat.Application.Features.Messages.SendMessage;

/// <summary>
/// What the writer made of one send: <see cref="Stored"/> is the new message as its sender sees it (built from what was
/// written, not read back); null when the client message id had already made <see cref="MessageId"/> (a retry).
/// </summary>
internal sealed record SendOutcome(Guid MessageId, MessageDto? Stored);
