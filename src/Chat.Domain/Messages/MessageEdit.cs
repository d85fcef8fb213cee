using Chat.Domain.Common;

namespace Chat.Domain.Messages;

/// <summary>A content a message had before an edit, and when that edit replaced it.</summary>
public sealed class MessageEdit : Entity
{
    private MessageEdit()
    {
        Content = string.Empty;
    }

    internal MessageEdit(Guid messageId, string content, DateTime editedAt)
    {
        MessageId = messageId;
        Content = content;
        EditedAt = editedAt;
    }

    public Guid MessageId { get; private set; }

    public string Content { get; private set; }

    public DateTime EditedAt { get; private set; }
}
