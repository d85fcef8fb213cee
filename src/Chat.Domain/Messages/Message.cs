using Chat.Domain.Common;

namespace Chat.Domain.Messages;

/// <summary>
/// A message of a conversation. Its <see cref="Seq"/> orders it in the conversation (1, 2, 3, … with no gap);
/// its <see cref="Version"/> is the conversation version of its latest change. Messages are created and changed
/// only through their <c>Conversation</c>, which hands out both counters. Deleting keeps a tombstone: id, seq and
/// times stay, content, reactions, mentions and previous contents go.
/// </summary>
public sealed class Message : Entity
{
    private readonly List<MessageReaction> _reactions = [];
    private readonly List<MessageMention> _mentions = [];
    private readonly List<MessageEdit> _edits = [];

    private Message()
    {
    }

    public Guid ConversationId { get; private set; }

    public long Seq { get; private set; }

    public long Version { get; private set; }

    public Guid SenderId { get; private set; }

    /// <summary>The trimmed content; null once deleted, and for a message of attachments only.</summary>
    public string? Content { get; private set; }

    /// <summary>The sender's idempotency key: a retry with the same key returns this message instead of storing another.</summary>
    public string? ClientMessageId { get; private set; }

    public Guid? ReplyToId { get; private set; }

    /// <summary>The first message of the thread this reply belongs to (a reply to a reply joins the same thread).</summary>
    public Guid? ThreadRootId { get; private set; }

    /// <summary>On a thread root: how many replies (not deleted) the thread holds.</summary>
    public int ReplyCount { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? EditedAt { get; private set; }

    public DateTime? DeletedAt { get; private set; }

    public bool IsDeleted => DeletedAt is not null;

    /// <summary>Loaded only by the commands that change reactions or delete.</summary>
    public IReadOnlyCollection<MessageReaction> Reactions => _reactions;

    /// <summary>Loaded only by the commands that edit or delete.</summary>
    public IReadOnlyCollection<MessageMention> Mentions => _mentions;

    /// <summary>Loaded only by the command that deletes.</summary>
    public IReadOnlyCollection<MessageEdit> Edits => _edits;

    /// <summary>The message every length refusal of content gives (validator and entity alike).</summary>
    public static readonly string ContentLengthMessage =
        $"Content must be 1–{MessageLimits.ContentMaxLength} {UnicodeText.Unit} after trimming.";

    /// <summary>The refusal of content made only of invisible characters.</summary>
    public const string InvisibleContentMessage =
        "Content must contain at least one visible character (not only white space, control, format or invisible characters).";

    /// <summary>
    /// Trims white space at both ends (the text inside is kept exactly as sent, never normalized) and checks it: 1–
    /// <see cref="MessageLimits.ContentMaxLength"/> code points with at least one visible character
    /// (<see cref="UnicodeText.HasVisibleCharacter"/>).
    /// </summary>
    public static string NormalizeContent(string? content)
    {
        var trimmed = content?.Trim() ?? string.Empty;
        if (trimmed.Length == 0 || UnicodeText.CodePoints(trimmed) > MessageLimits.ContentMaxLength)
        {
            throw new DomainException("validation_failed", ContentLengthMessage, DomainErrorKind.Invalid);
        }

        if (!UnicodeText.HasVisibleCharacter(trimmed))
        {
            throw new DomainException("validation_failed", InvisibleContentMessage, DomainErrorKind.Invalid);
        }

        return trimmed;
    }

    /// <summary>A reaction is one emoji of <see cref="EmojiCatalog"/> (any qualification form).</summary>
    public static bool IsValidEmoji(string? emoji) => EmojiCatalog.FullyQualified(emoji) is not null;

    internal static Message Create(
        Guid conversationId, long seq, long version, Guid senderId, string? content, string? clientMessageId,
        Message? replyTo, IEnumerable<Guid> mentionedUserIds, DateTime now)
    {
        var message = new Message
        {
            ConversationId = conversationId,
            Seq = seq,
            Version = version,
            SenderId = senderId,
            Content = content,
            ClientMessageId = string.IsNullOrEmpty(clientMessageId) ? null : clientMessageId,
            ReplyToId = replyTo?.Id,
            ThreadRootId = replyTo is null ? null : replyTo.ThreadRootId ?? replyTo.Id,
            CreatedAt = now,
        };
        message.SetMentions(mentionedUserIds);
        return message;
    }

    internal bool HasReaction(Guid userId, string emoji) => _reactions.Exists(r => r.UserId == userId && r.Emoji == emoji);

    internal bool CanTakeEmoji(string emoji) =>
        _reactions.Exists(r => r.Emoji == emoji) || _reactions.Select(r => r.Emoji).Distinct().Count() < MessageLimits.MaxDistinctReactions;

    internal void AddReaction(Guid userId, string emoji, long version, DateTime now)
    {
        _reactions.Add(new MessageReaction(Id, userId, emoji, now));
        Version = version;
    }

    internal void RemoveReaction(MessageReaction reaction, long version)
    {
        _reactions.Remove(reaction);
        Version = version;
    }

    internal void ReplaceContent(string content, IEnumerable<Guid> mentionedUserIds, long version, DateTime now)
    {
        _edits.Add(new MessageEdit(Id, Content ?? string.Empty, now));
        Content = content;
        EditedAt = now;
        Version = version;
        SetMentions(mentionedUserIds);
    }

    internal void Tombstone(long version, DateTime now)
    {
        Content = null;
        DeletedAt = now;
        Version = version;
        _reactions.Clear();
        _mentions.Clear();
        _edits.Clear();
    }

    internal void RegisterReply(long version)
    {
        ReplyCount++;
        Version = version;
    }

    internal void UnregisterReply(long version)
    {
        ReplyCount = Math.Max(0, ReplyCount - 1);
        Version = version;
    }

    private void SetMentions(IEnumerable<Guid> userIds)
    {
        var wanted = userIds.Distinct().Take(MessageLimits.MaxMentions).ToHashSet();
        _mentions.RemoveAll(m => !wanted.Contains(m.UserId));
        foreach (var userId in wanted.Where(id => !_mentions.Exists(m => m.UserId == id)))
        {
            _mentions.Add(new MessageMention(Id, userId));
        }
    }
}
