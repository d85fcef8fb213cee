using Chat.Domain.Common;
using Chat.Domain.Conversations.Events;
using Chat.Domain.Messages;
using Chat.Domain.Messages.Events;
using Chat.Domain.Rooms;

namespace Chat.Domain.Conversations;

/// <summary>
/// A direct, group or channel conversation. It hands out the two per-conversation counters: <see cref="LastSeq"/>
/// (each accepted message takes the next seq: 1, 2, 3, … with no gap or repeat) and <see cref="Version"/> (each change
/// to its messages — new, edit, delete, reaction — takes the next version and stamps it on the message).
/// Callers serialize writers per conversation (one row lock) so the counters never race.
/// </summary>
public sealed class Conversation : Entity
{
    private readonly List<ConversationParticipant> _participants = [];

    private Conversation()
    {
    }

    public ConversationKind Kind { get; private set; }

    public string? Title { get; private set; }

    /// <summary><see cref="Title"/> folded for search (<see cref="UnicodeText.FoldForSearch"/>); null when there is no title.</summary>
    public string? NormalizedTitle { get; private set; }

    public string? Topic { get; private set; }

    /// <summary>Channels only: the room the channel belongs to.</summary>
    public Guid? RoomId { get; private set; }

    /// <summary>Channels only.</summary>
    public ChannelType? ChannelType { get; private set; }

    /// <summary>Channels only: the order within the room (ties by id).</summary>
    public int? Position { get; private set; }

    /// <summary>"low:high" of the two user ids of a direct conversation (unique, so one conversation per pair); null otherwise.</summary>
    public string? DirectKey { get; private set; }

    public long LastSeq { get; private set; }

    public long Version { get; private set; }

    /// <summary>
    /// Advanced by the persistence layer, in the same transaction, by every change of who receives this conversation's
    /// events (participants added or removed; for a channel, its room's members joining, leaving, kicked or banned).
    /// Message changes stamp it on their events, so a node's cached recipients are used for an event only when they
    /// were read at this version or later (docs/scale-out.md "Recipient cache"). Never changed by the domain itself.
    /// </summary>
    public long MembershipVersion { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>The last change of anything: details, members or messages.</summary>
    public DateTime UpdatedAt { get; private set; }

    /// <summary>Creation or the newest message: what "newest activity first" sorts by.</summary>
    public DateTime LastActivityAt { get; private set; }

    /// <summary>
    /// The participants. Membership commands load all of them (a group holds at most
    /// <see cref="ConversationLimits.MaxGroupMembers"/>); message commands load only the acting one.
    /// </summary>
    public IReadOnlyCollection<ConversationParticipant> Participants => _participants;

    public static string DirectKeyOf(Guid userA, Guid userB)
    {
        var (low, high) = userA.CompareTo(userB) <= 0 ? (userA, userB) : (userB, userA);
        return $"{low:N}:{high:N}";
    }

    public static Conversation StartDirect(Guid starterId, Guid otherId, DateTime now)
    {
        if (starterId == otherId)
        {
            throw new DomainException("cannot_message_self", "A direct conversation needs another user.", DomainErrorKind.BadRequest);
        }

        var conversation = New(ConversationKind.Direct, now);
        conversation.DirectKey = DirectKeyOf(starterId, otherId);
        conversation.Join(starterId, ParticipantRole.Member, now);
        conversation.Join(otherId, ParticipantRole.Member, now);
        conversation.Raise(new ConversationStarted(conversation.Id));
        return conversation;
    }

    public static Conversation StartGroup(Guid ownerId, string title, IEnumerable<Guid> memberIds, DateTime now)
    {
        var members = memberIds.Where(id => id != ownerId).Distinct().ToList();
        if (members.Count + 1 > ConversationLimits.MaxGroupMembers)
        {
            throw TooManyMembers();
        }

        var conversation = New(ConversationKind.Group, now);
        conversation.SetTitle(NormalizeTitle(title));
        conversation.Join(ownerId, ParticipantRole.Owner, now);
        members.ForEach(id => conversation.Join(id, ParticipantRole.Member, now));
        conversation.Raise(new ConversationStarted(conversation.Id));
        return conversation;
    }

    /// <summary>
    /// A room's channel (made through <c>Room.CreateChannel</c>). Who may read and write it is the room's membership;
    /// it has no participant rows at first: a member's row (their read and delivery markers) is made when they first
    /// read or write in it (<see cref="AdmitRoomMember"/>). docs/decisions/0012-no-per-member-work-per-message.md.
    /// </summary>
    internal static Conversation CreateChannel(Guid roomId, string name, ChannelType type, string? topic, int position, DateTime now)
    {
        var channel = New(ConversationKind.Channel, now);
        channel.RoomId = roomId;
        channel.ChannelType = type;
        channel.SetTitle(NormalizeTitle(name));
        channel.Topic = NormalizeTopic(topic);
        channel.Position = EnsurePosition(position);
        return channel;
    }

    /// <summary>
    /// A room member's participant row in this channel, made the first time they read or write in it.
    /// <paramref name="joinedAt"/> is their room membership's join time (the row stands for that membership) and
    /// <paramref name="readUpTo"/> the channel's last seq at that moment (default: <see cref="LastSeq"/>, for a member
    /// joining now): everything up to it counts as read. An existing loaded row is returned as it is.
    /// </summary>
    public ConversationParticipant AdmitRoomMember(Guid userId, DateTime joinedAt, long? readUpTo = null)
    {
        if (Kind != ConversationKind.Channel)
        {
            throw new InvalidOperationException("Only channels take room members.");
        }

        return ParticipantOf(userId) ?? Join(userId, ParticipantRole.Member, joinedAt, Math.Min(readUpTo ?? LastSeq, LastSeq));
    }

    /// <summary>Renames, re-topics or moves a channel (through <c>Room.UpdateChannel</c>). A null field stays; an empty topic clears it. False when nothing changed.</summary>
    internal bool UpdateChannel(string? name, string? topic, int? position, DateTime now)
    {
        var newName = name is null ? Title : NormalizeTitle(name);
        var newTopic = topic is null ? Topic : NormalizeTopic(topic);
        var newPosition = position is null ? Position : EnsurePosition(position.Value);
        if (newName == Title && newTopic == Topic && newPosition == Position)
        {
            return false;
        }

        SetTitle(newName);
        Topic = newTopic;
        Position = newPosition;
        UpdatedAt = now;
        return true;
    }

    private static string? NormalizeTopic(string? topic)
    {
        var trimmed = string.IsNullOrWhiteSpace(topic) ? null : topic.Trim();
        if (UnicodeText.CodePoints(trimmed) > ConversationLimits.TopicMaxLength)
        {
            throw new DomainException("validation_failed", $"Topic must be at most {ConversationLimits.TopicMaxLength} {UnicodeText.Unit}.", DomainErrorKind.Invalid);
        }

        return trimmed;
    }

    private static int EnsurePosition(int position) => position >= 0
        ? position
        : throw new DomainException("validation_failed", "Position must be zero or more.", DomainErrorKind.Invalid);

    public static string NormalizeTitle(string? title)
    {
        var trimmed = title?.Trim() ?? string.Empty;
        if (UnicodeText.CodePoints(trimmed) is 0 or > ConversationLimits.TitleMaxLength || !UnicodeText.HasVisibleCharacter(trimmed))
        {
            throw new DomainException(
                "validation_failed", $"Title must be 1–{ConversationLimits.TitleMaxLength} {UnicodeText.Unit} with a visible one.", DomainErrorKind.Invalid);
        }

        return trimmed;
    }

    // The title and its folded form (name search) change together, always.
    private void SetTitle(string? title)
    {
        Title = title;
        NormalizedTitle = title is null ? null : UnicodeText.FoldForSearch(title);
    }

    public ConversationParticipant? ParticipantOf(Guid userId) => _participants.Find(p => p.UserId == userId);

    /// <summary>
    /// Stores a new message: takes the next seq and version, moves the sender's read marker to it, and for a reply
    /// counts it on the thread root (which takes the same version). <paramref name="threadRoot"/> is needed when
    /// <paramref name="replyTo"/> is itself a reply. A message that carries attachments (<paramref name="hasAttachments"/>)
    /// may have no text.
    /// </summary>
    public Message AppendMessage(
        ConversationParticipant sender, string? content, string? clientMessageId, Message? replyTo,
        IEnumerable<Guid> mentionedUserIds, DateTime now, Message? threadRoot = null, bool hasAttachments = false)
    {
        EnsureParticipant(sender);
        if (ChannelType == Conversations.ChannelType.Voice)
        {
            throw new DomainException("voice_channel", "Voice channels carry no messages.", DomainErrorKind.Invalid);
        }

        var normalized = hasAttachments && string.IsNullOrWhiteSpace(content) ? null : Message.NormalizeContent(content);
        Message? root = null;
        if (replyTo is not null)
        {
            if (replyTo.ConversationId != Id)
            {
                throw new DomainException("validation_failed", "A reply must answer a message of the same conversation.", DomainErrorKind.Invalid);
            }

            if (replyTo.IsDeleted)
            {
                throw new DomainException("message_deleted", "A deleted message cannot be answered.", DomainErrorKind.Conflict);
            }

            root = replyTo.ThreadRootId is null ? replyTo : RootOf(replyTo, threadRoot);
        }

        // Message times never go back within a conversation (a clock step back, or another node's clock): a room
        // member's join time then splits a channel's messages into a seq prefix read and a suffix unread (decision 0012).
        now = now < LastActivityAt ? LastActivityAt : now;
        var seq = ++LastSeq;
        var version = ++Version;
        var message = Message.Create(Id, seq, version, sender.UserId, normalized, clientMessageId, replyTo, mentionedUserIds, now);
        root?.RegisterReply(version);
        sender.SentUpTo(seq);
        LastActivityAt = UpdatedAt = now;
        Raise(new MessageSent(Id, message.Id, sender.UserId, seq, version, MembershipVersion));
        return message;
    }

    /// <summary>Replaces a message's content (sender only); the previous content is kept. False when the content did not change.</summary>
    public bool EditMessage(Message message, Guid editorId, string content, IEnumerable<Guid> mentionedUserIds, DateTime now)
    {
        EnsureOwn(message);
        if (message.SenderId != editorId)
        {
            throw new DomainException("not_sender", "Only the sender can edit a message.", DomainErrorKind.Forbidden);
        }

        if (message.IsDeleted)
        {
            throw MessageIsDeleted();
        }

        var normalized = Message.NormalizeContent(content);
        if (normalized == message.Content)
        {
            return false;
        }

        message.ReplaceContent(normalized, mentionedUserIds, ++Version, now);
        UpdatedAt = now;
        Raise(new MessageEdited(Id, message.Id, message.Version, MembershipVersion));
        return true;
    }

    /// <summary>
    /// Soft-deletes a message: its sender may, and so may a group's owner and, in a channel, the room's moderators and
    /// above (<paramref name="actorRoomRole"/>: the actor's role in the channel's room). False when it was already deleted.
    /// A deleted reply no longer counts on its thread root (which takes the same version).
    /// </summary>
    public bool DeleteMessage(Message message, ConversationParticipant actor, DateTime now, Message? threadRoot = null, RoomRole? actorRoomRole = null)
    {
        EnsureOwn(message);
        EnsureParticipant(actor);
        var mayModerate = Kind switch
        {
            ConversationKind.Group => actor.Role == ParticipantRole.Owner,
            ConversationKind.Channel => actorRoomRole >= RoomPermissions.MinimumRole(RoomAction.DeleteAnyMessage, roomIsPublic: false),
            _ => false,
        };
        if (message.SenderId != actor.UserId && !mayModerate)
        {
            throw new DomainException("not_sender", "Only the sender, a group's owner or a room's moderators can delete this message.", DomainErrorKind.Forbidden);
        }

        return Tombstone(message, now, threadRoot);
    }

    /// <summary>
    /// A global administrator deletes any message, in any conversation, without being a participant: the same
    /// tombstone (and <c>message_deleted</c> event) as a moderator's delete. False when it was already deleted.
    /// </summary>
    public bool DeleteMessageAsAdministrator(Message message, DateTime now, Message? threadRoot = null)
    {
        EnsureOwn(message);
        return Tombstone(message, now, threadRoot);
    }

    private bool Tombstone(Message message, DateTime now, Message? threadRoot)
    {
        if (message.IsDeleted)
        {
            return false;
        }

        var version = ++Version;
        message.Tombstone(version, now);
        if (message.ThreadRootId is not null)
        {
            RootOf(message, threadRoot).UnregisterReply(version);
        }

        UpdatedAt = now;
        Raise(new MessageDeleted(Id, message.Id, message.Seq, version, MembershipVersion));
        return true;
    }

    /// <summary>Adds a reaction; false when the user already reacted with that emoji. At most <see cref="MessageLimits.MaxDistinctReactions"/> distinct emoji.</summary>
    public bool AddReaction(Message message, Guid userId, string emoji, DateTime now)
    {
        EnsureOwn(message);
        emoji = EmojiCatalog.FullyQualified(emoji)
            ?? throw new DomainException("validation_failed", "A reaction must be one emoji of Unicode's emoji-test.txt.", DomainErrorKind.Invalid);

        if (message.IsDeleted)
        {
            throw MessageIsDeleted();
        }

        if (message.HasReaction(userId, emoji))
        {
            return false;
        }

        if (!message.CanTakeEmoji(emoji))
        {
            throw new DomainException(
                "too_many_reactions", $"A message can carry at most {MessageLimits.MaxDistinctReactions} different emoji.", DomainErrorKind.Conflict);
        }

        message.AddReaction(userId, emoji, ++Version, now);
        UpdatedAt = now;
        Raise(new ReactionAdded(Id, message.Id, userId, emoji, message.Version, MembershipVersion));
        return true;
    }

    /// <summary>Takes back a reaction; false when there was none.</summary>
    public bool RemoveReaction(Message message, Guid userId, string emoji, DateTime now)
    {
        EnsureOwn(message);
        emoji = EmojiCatalog.FullyQualified(emoji) ?? emoji;
        var reaction = message.Reactions.FirstOrDefault(r => r.UserId == userId && r.Emoji == emoji);
        if (reaction is null)
        {
            return false;
        }

        message.RemoveReaction(reaction, ++Version);
        UpdatedAt = now;
        Raise(new ReactionRemoved(Id, message.Id, userId, emoji, message.Version, MembershipVersion));
        return true;
    }

    /// <summary>Renames a group or sets its topic (owner only). A null field stays; an empty topic clears it.</summary>
    public void UpdateDetails(ConversationParticipant actor, string? title, string? topic, DateTime now)
    {
        EnsureGroupOwner(actor);
        var newTitle = title is null ? Title : NormalizeTitle(title);
        var newTopic = topic is null ? Topic : topic.Trim() is { Length: > 0 } trimmed ? trimmed : null;
        if (UnicodeText.CodePoints(newTopic) > ConversationLimits.TopicMaxLength)
        {
            throw new DomainException("validation_failed", $"Topic must be at most {ConversationLimits.TopicMaxLength} {UnicodeText.Unit}.", DomainErrorKind.Invalid);
        }

        if (newTitle == Title && newTopic == Topic)
        {
            return;
        }

        SetTitle(newTitle);
        Topic = newTopic;
        UpdatedAt = now;
        Raise(new ConversationDetailsChanged(Id));
    }

    /// <summary>
    /// Adds members to a group (owner only; all participants must be loaded). Users already in it are skipped.
    /// New members see the history but start with nothing unread.
    /// </summary>
    public IReadOnlyList<ConversationParticipant> AddMembers(ConversationParticipant actor, IEnumerable<Guid> userIds, DateTime now)
    {
        EnsureGroupOwner(actor);
        var newcomers = userIds.Distinct().Where(id => ParticipantOf(id) is null).ToList();
        if (newcomers.Count == 0)
        {
            return [];
        }

        if (_participants.Count + newcomers.Count > ConversationLimits.MaxGroupMembers)
        {
            throw TooManyMembers();
        }

        var added = newcomers.Select(id => Join(id, ParticipantRole.Member, now)).ToList();
        UpdatedAt = now;
        Raise(new ParticipantsAdded(Id, newcomers));
        return added;
    }

    /// <summary>
    /// Removes a member of a group (all participants must be loaded): the owner removes anyone, anyone removes
    /// themself. When the owner leaves, the longest-standing member becomes owner.
    /// </summary>
    public void RemoveMember(ConversationParticipant actor, Guid userId, DateTime now)
    {
        EnsureParticipant(actor);
        EnsureGroup();
        if (actor.UserId != userId && actor.Role != ParticipantRole.Owner)
        {
            throw NotOwner();
        }

        var leaving = ParticipantOf(userId)
            ?? throw new DomainException("not_found", "That user is not a member of this conversation.", DomainErrorKind.NotFound);
        _participants.Remove(leaving);

        ConversationParticipant? heir = null;
        if (leaving.Role == ParticipantRole.Owner)
        {
            heir = _participants.OrderBy(p => p.JoinedAt).ThenBy(p => p.Id).FirstOrDefault();
            heir?.BecomeOwner();
        }

        UpdatedAt = now;
        Raise(new ParticipantRemoved(Id, userId, heir?.UserId));
    }

    private static Conversation New(ConversationKind kind, DateTime now) => new()
    {
        Id = Ids.NewFor<Conversation>(),
        Kind = kind,
        CreatedAt = now,
        UpdatedAt = now,
        LastActivityAt = now,
    };

    private ConversationParticipant Join(Guid userId, ParticipantRole role, DateTime now, long? readUpTo = null)
    {
        var participant = new ConversationParticipant(Id, userId, role, now, readUpTo ?? LastSeq);
        _participants.Add(participant);
        return participant;
    }

    private static Message RootOf(Message reply, Message? threadRoot) =>
        threadRoot is not null && threadRoot.Id == reply.ThreadRootId
            ? threadRoot
            : throw new InvalidOperationException($"The thread root {reply.ThreadRootId} must be loaded.");

    private void EnsureOwn(Message message)
    {
        if (message.ConversationId != Id)
        {
            throw new InvalidOperationException($"Message {message.Id} belongs to another conversation.");
        }
    }

    private void EnsureParticipant(ConversationParticipant participant)
    {
        if (participant.ConversationId != Id)
        {
            throw new DomainException("not_a_participant", "You are not a participant of this conversation.", DomainErrorKind.Forbidden);
        }
    }

    private void EnsureGroup()
    {
        if (Kind != ConversationKind.Group)
        {
            throw new DomainException("not_a_group", "Only group conversations have members to manage.", DomainErrorKind.BadRequest);
        }
    }

    private void EnsureGroupOwner(ConversationParticipant actor)
    {
        EnsureParticipant(actor);
        EnsureGroup();
        if (actor.Role != ParticipantRole.Owner)
        {
            throw NotOwner();
        }
    }

    private static DomainException NotOwner() => new("not_owner", "Only the group's owner can do that.", DomainErrorKind.Forbidden);

    private static DomainException TooManyMembers() =>
        new("too_many_members", $"A group holds at most {ConversationLimits.MaxGroupMembers} members.", DomainErrorKind.Conflict);

    private static DomainException MessageIsDeleted() => new("message_deleted", "The message was deleted.", DomainErrorKind.Conflict);
}
