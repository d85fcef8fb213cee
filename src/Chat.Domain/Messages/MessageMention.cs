using Chat.Domain.Common;

namespace Chat.Domain.Messages;

/// <summary>A user a message mentions by <c>@username</c> (only users who can read the conversation).</summary>
public sealed class MessageMention : Entity
{
    private MessageMention()
    {
    }

    internal MessageMention(Guid messageId, Guid userId)
    {
        MessageId = messageId;
        UserId = userId;
    }

    public Guid MessageId { get; private set; }

    public Guid UserId { get; private set; }
}
