namespace Chat.Application.Common.Behaviours;

/// <summary>
/// A request about one conversation: <see cref="ConversationAccessBehaviour{TRequest,TResponse}"/> lets it through only
/// for a participant (404 when the conversation does not exist, 403 <c>not_a_participant</c> otherwise).
/// </summary>
public interface IConversationRequest
{
    Guid ConversationId { get; }
}
