using Chat.Domain.Common;

namespace Chat.Domain.Messages;

/// <summary>One user's reaction with one emoji to one message; unique per (message, user, emoji).</summary>
public sealed class MessageReaction : Entity
{
    private MessageReaction()
    {
        Emoji = string.Empty;
    }

    internal MessageReaction(Guid messageId, Guid userId, string emoji, DateTime createdAt)
    {
        MessageId = messageId;
        UserId = userId;
        Emoji = emoji;
        CreatedAt = createdAt;
    }

    public Guid MessageId { get; private set; }

    public Guid UserId { get; private set; }

    public string Emoji { get; private set; }

    public DateTime CreatedAt { get; private set; }
}
