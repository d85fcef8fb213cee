namespace Chat.Application.Common.Behaviours;

/// <summary>
/// A request about one message: <see cref="ConversationAccessBehaviour{TRequest,TResponse}"/> resolves the message's
/// conversation and lets it through only for a participant (404 when the message does not exist, 403 otherwise).
/// </summary>
public interface IMessageRequest
{
    Guid MessageId { get; }
}
