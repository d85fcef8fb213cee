namespace Chat.Domain.Messages;

/// <summary>
/// A message's row in the full-text index: its folded words (<see cref="Terms"/>: content and attachment file names,
/// folded and space-separated) and what a search filters by. <see cref="Id"/> is a database-assigned increasing number:
/// the full-text engines address rows by it and results are ordered by it (newest first). Only live messages have one;
/// a delete removes it, an edit rewrites <see cref="Terms"/>.
/// </summary>
public sealed class MessageSearchEntry
{
    private MessageSearchEntry()
    {
    }

    public MessageSearchEntry(Guid messageId, Guid conversationId, string terms)
    {
        MessageId = messageId;
        ConversationId = conversationId;
        Terms = terms;
    }

    public long Id { get; private set; }

    public Guid MessageId { get; private set; }

    public Guid ConversationId { get; private set; }

    public string Terms { get; private set; } = string.Empty;

    public void Replace(string terms) => Terms = terms;
}
