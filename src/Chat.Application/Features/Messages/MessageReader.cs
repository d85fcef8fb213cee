using Chat.Application.Common.Persistence;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Attachments;
using Chat.Application.Features.Users;
using Chat.Domain.Attachments;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages;

/// <summary>
/// Turns messages into <see cref="MessageDto"/>s in a fixed number of queries, whatever their number: the rows with
/// their senders, the reactions (counted per emoji), the mentions, the attachments and — when the viewer sent some of them in a direct
/// conversation — the other participant's markers.
/// </summary>
internal sealed class MessageReader(IChatDbContext db, IContentProtection protection, SealedAttachments sealedAttachments)
{
    /// <summary>
    /// The messages <paramref name="query"/> selects (filtered, ordered and limited by the caller) as
    /// <paramref name="viewerId"/> sees them. The result is not in any particular order: callers sort it.
    /// </summary>
    /// <param name="directStates">The other participants' markers when the caller already has them (saves a query).</param>
    public async Task<List<MessageDto>> ReadAsync(
        IQueryable<Message> query, Guid viewerId, CancellationToken cancellationToken, IReadOnlyCollection<DirectReadState>? directStates = null) =>
        await CompleteAsync(await RowsOf(query).ToListAsync(cancellationToken), viewerId, cancellationToken, directStates);

    /// <summary>
    /// Up to <paramref name="take"/> messages of a conversation below seq <paramref name="below"/>, the nearest first
    /// (one range of the (conversation, seq) index, a compiled query). Rows only: <see cref="CompleteAsync"/> completes them.
    /// </summary>
    public async Task<List<MessageRow>> RowsBelowAsync(Guid conversationId, long below, bool includeDeleted, int take, CancellationToken cancellationToken) =>
        await ToListAsync(PageQueries.Below.For(Context)(Context, conversationId, below, includeDeleted, take), cancellationToken);

    /// <summary>Up to <paramref name="take"/> messages of a conversation above seq <paramref name="above"/>, the nearest first.</summary>
    public async Task<List<MessageRow>> RowsAboveAsync(Guid conversationId, long above, bool includeDeleted, int take, CancellationToken cancellationToken) =>
        await ToListAsync(PageQueries.Above.For(Context)(Context, conversationId, above, includeDeleted, take), cancellationToken);

    /// <summary>Up to <paramref name="take"/> messages of a conversation whose version is above <paramref name="since"/>, in (version, seq) order.</summary>
    public async Task<List<MessageRow>> RowsChangedSinceAsync(Guid conversationId, long since, int take, CancellationToken cancellationToken) =>
        await ToListAsync(PageQueries.ChangedSince.For(Context)(Context, conversationId, since, take), cancellationToken);

    /// <summary>Whether the conversation has a message at seq <paramref name="seq"/> or above (the nearest seq in index order, not EXISTS).</summary>
    public async Task<bool> AnyAtOrAboveAsync(Guid conversationId, long seq, bool includeDeleted, CancellationToken cancellationToken) =>
        await PageQueries.NearestAtOrAbove.For(Context)(Context, conversationId, seq, includeDeleted, cancellationToken) is not null;

    /// <summary>Whether the conversation has a message at seq <paramref name="seq"/> or below.</summary>
    public async Task<bool> AnyAtOrBelowAsync(Guid conversationId, long seq, bool includeDeleted, CancellationToken cancellationToken) =>
        await PageQueries.NearestAtOrBelow.For(Context)(Context, conversationId, seq, includeDeleted, cancellationToken) is not null;

    /// <summary>The conversation's version (null when there is no such conversation).</summary>
    public Task<long?> ConversationVersionAsync(Guid conversationId, CancellationToken cancellationToken) =>
        PageQueries.ConversationVersion.For(Context)(Context, conversationId, cancellationToken);

    /// <summary>
    /// Completes <paramref name="rows"/> (as read by a page query) as <paramref name="viewerId"/> sees them: reactions,
    /// mentions (only of rows whose text has an <c>@</c>), attachments and — for the viewer's own messages in a direct
    /// conversation — status, in at most four queries whatever the number of rows. The result keeps the order of <paramref name="rows"/>.
    /// </summary>
    /// <param name="directStates">The other participants' markers when the caller already has them (saves a query).</param>
    public async Task<List<MessageDto>> CompleteAsync(
        IReadOnlyList<MessageRow> rows, Guid viewerId, CancellationToken cancellationToken, IReadOnlyCollection<DirectReadState>? directStates = null)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        rows = await OpenAsync(rows, cancellationToken);
        var ids = new Guid[rows.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = rows[i].Id;
        }

        var reactions = (await ToListAsync(PageQueries.Reactions.For(Context)(Context, ids, viewerId), cancellationToken))
            .OrderBy(r => r.First).ThenBy(r => r.Emoji, StringComparer.Ordinal)
            .ToLookup(r => r.MessageId, r => new ReactionDto(r.Emoji, r.Count, r.Mine > 0));
        var mentions = await MentionsOfAsync(rows.Where(MayMention).Select(r => r.Id).ToArray(), cancellationToken);
        var attachments = await AttachmentsOfAsync(rows.Where(r => r.DeletedAt is null).Select(r => r.Id).ToArray(), cancellationToken);

        var ownConversations = rows.Where(r => r.SenderId == viewerId).Select(r => r.ConversationId).Distinct().ToList();
        var states = (directStates ?? await DirectStatesAsync(ownConversations, viewerId, cancellationToken)).ToDictionary(s => s.ConversationId);

        var messages = new List<MessageDto>(rows.Count);
        foreach (var row in rows)
        {
            messages.Add(Build(row, reactions[row.Id].ToList(), mentions[row.Id].ToList(), attachments[row.Id].ToList(), StatusOf(row, viewerId, states)));
        }

        return messages;
    }

    public async Task<MessageDto> ReadOneAsync(Guid messageId, Guid viewerId, CancellationToken cancellationToken) =>
        (await ReadAsync(db.Set<Message>().Where(m => m.Id == messageId), viewerId, cancellationToken)).SingleOrNotFound($"message {messageId}");

    /// <summary>
    /// One message as each of <paramref name="viewerIds"/> sees it, for events that are serialized once per distinct view:
    /// the sender and those who reacted get their own view, everyone else shares one (no <c>me</c>, no status).
    /// </summary>
    public async Task<IReadOnlyList<MessageView>> ReadViewsAsync(Guid messageId, IReadOnlyCollection<Guid> viewerIds, CancellationToken cancellationToken)
    {
        var row = await RowsOf(db.Set<Message>().Where(m => m.Id == messageId)).SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return [];
        }

        row = await OpenAsync(row, cancellationToken);
        var reactions = (await ToListAsync(PageQueries.ReactionsOfOne.For(Context)(Context, messageId), cancellationToken))
            .GroupBy(r => r.Emoji)
            .Select(g => new { Emoji = g.Key, Users = g.Select(r => r.UserId).ToHashSet(), First = g.Min(r => r.CreatedAt) })
            .OrderBy(g => g.First).ThenBy(g => g.Emoji, StringComparer.Ordinal)
            .ToList();
        List<Guid> mentions = MayMention(row) ? (await MentionsOfAsync([messageId], cancellationToken))[messageId].ToList() : [];
        var attachments = row.DeletedAt is null ? (await AttachmentsOfAsync([messageId], cancellationToken))[messageId].ToList() : [];
        var states = viewerIds.Contains(row.SenderId)
            ? (await DirectStatesAsync([row.ConversationId], row.SenderId, cancellationToken)).ToDictionary(s => s.ConversationId)
            : [];

        MessageDto ViewOf(Guid viewerId) => Build(
            row, reactions.Select(r => new ReactionDto(r.Emoji, r.Users.Count, r.Users.Contains(viewerId))).ToList(), mentions, attachments, StatusOf(row, viewerId, states));

        var reactors = reactions.SelectMany(r => r.Users).ToHashSet();
        var personal = viewerIds.Distinct().Where(id => id == row.SenderId || reactors.Contains(id)).ToList();
        var shared = viewerIds.Distinct().Except(personal).ToList();
        var views = personal.Select(id => new MessageView([id], ViewOf(id))).ToList();
        if (shared.Count > 0)
        {
            views.Add(new MessageView(shared, ViewOf(Guid.Empty)));
        }

        return views;
    }

    /// <summary>
    /// A message just stored, as everyone but its sender sees it (no <c>status</c>), for its <c>new_message</c> push when
    /// the writer's memory does not have it (<see cref="SendMessage.WrittenMessages"/>): the row with its sender, its
    /// mentions (only when the text has an <c>@</c>) and attachments. No reactions: any added since follow as their own
    /// events. Null when the message is gone.
    /// </summary>
    public async Task<MessageDto?> ReadNewAsync(Guid messageId, CancellationToken cancellationToken)
    {
        var row = await RowsOf(db.Set<Message>().Where(m => m.Id == messageId)).SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        row = await OpenAsync(row, cancellationToken);
        List<Guid> mentions = MayMention(row) ? (await MentionsOfAsync([messageId], cancellationToken))[messageId].ToList() : [];
        var attachments = row.DeletedAt is null ? (await AttachmentsOfAsync([messageId], cancellationToken))[messageId].ToList() : [];
        return Build(row, [], mentions, attachments, status: null);
    }

    /// <summary>The other participants' markers in those of <paramref name="conversationIds"/> that are direct conversations.</summary>
    public async Task<IReadOnlyCollection<DirectReadState>> DirectStatesAsync(IReadOnlyCollection<Guid> conversationIds, Guid viewerId, CancellationToken cancellationToken)
    {
        if (conversationIds.Count == 0)
        {
            return [];
        }

        return await ToListAsync(PageQueries.DirectStates.For(Context)(Context, conversationIds as Guid[] ?? [.. conversationIds], viewerId), cancellationToken);
    }

    /// <summary>The rows with their sealed contents opened; one that fails is marked unreadable (and logged by the port), the others unaffected.</summary>
    private async Task<IReadOnlyList<MessageRow>> OpenAsync(IReadOnlyList<MessageRow> rows, CancellationToken cancellationToken)
    {
        List<MessageRow>? opened = null;
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].SealedContent is not null)
            {
                opened ??= [.. rows];
                opened[i] = await OpenAsync(rows[i], cancellationToken);
            }
        }

        return opened ?? rows;
    }

    private async Task<MessageRow> OpenAsync(MessageRow row, CancellationToken cancellationToken)
    {
        if (row.SealedContent is not { } sealedContent)
        {
            return row;
        }

        var text = await protection.OpenAsync(ProtectedContent.MessageContent, row.ConversationId, row.Id, sealedContent, cancellationToken);
        return row with { Content = text, SealedContent = null, Unreadable = text is null };
    }

    private IQueryable<MessageRow> RowsOf(IQueryable<Message> query) =>
        from m in query
        join u in db.Set<User>() on m.SenderId equals u.Id into senders
        from u in senders.DefaultIfEmpty()
        select new MessageRow(
            m.Id, m.ConversationId, m.Seq, m.Version, m.SenderId,
            u == null ? null : new UserSummaryDto { Id = u.Id, Username = u.Username, DisplayName = u.DisplayName, AvatarUrl = u.AvatarUrl },
            m.Content, m.ClientMessageId, m.ReplyToId, m.ThreadRootId, m.ReplyCount, m.CreatedAt, m.EditedAt, m.DeletedAt,
                EF.Property<byte[]?>(m, SealedColumns.Content));

    /// <summary>
    /// Whether the message can have mentions: they are only ever resolved from its text's <c>@username</c>s, on send
    /// and on every edit (<see cref="MentionResolver"/>), and a tombstone has none. A text without <c>@</c> has none,
    /// so most pages skip the query; a text that could not be opened (encryption at rest) is looked up.
    /// </summary>
    private static bool MayMention(MessageRow row) => row.Unreadable || Mentions.MayMention(row.Content);

    private async Task<ILookup<Guid, Guid>> MentionsOfAsync(Guid[] messageIds, CancellationToken cancellationToken) =>
        messageIds.Length == 0
            ? Array.Empty<Guid>().ToLookup(_ => Guid.Empty)
            : (await ToListAsync(PageQueries.Mentions.For(Context)(Context, messageIds), cancellationToken))
                .OrderBy(m => m.UserId)
                .ToLookup(m => m.MessageId, m => m.UserId);

    private async Task<ILookup<Guid, AttachmentDto>> AttachmentsOfAsync(Guid[] messageIds, CancellationToken cancellationToken)
    {
        if (messageIds.Length == 0)
        {
            return Array.Empty<AttachmentDto>().ToLookup(_ => Guid.Empty);
        }

        var rows = (await ToListAsync(PageQueries.Attachments.For(Context)(Context, messageIds), cancellationToken)).OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToList();
        var attachments = new List<(Guid MessageId, AttachmentDto Dto)>(rows.Count);
        foreach (var a in rows)
        {
            // A sealed name (encryption at rest) is opened; a plaintext one is taken as it is.
            var fileName = await sealedAttachments.NameAsync(a.Id, a.FileName, a.FileKey, a.SealedFileName, cancellationToken);
            attachments.Add((a.MessageId, new AttachmentDto(a.Id, fileName, a.ContentType, a.Size, AttachmentReader.UrlOf(a.Id), a.Width, a.Height)));
        }

        return attachments.ToLookup(a => a.MessageId, a => a.Dto);
    }

    // The compiled queries take the context itself; the port is implemented by it (ChatDbContext).
    private DbContext Context => db.AsDbContext();

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var item in source.WithCancellation(cancellationToken))
        {
            list.Add(item);
        }

        return list;
    }

    private static MessageStatus? StatusOf(MessageRow row, Guid viewerId, IReadOnlyDictionary<Guid, DirectReadState> states) =>
        row.SenderId == viewerId && states.TryGetValue(row.ConversationId, out var state) ? state.StatusOf(row.Seq) : null;

    private static MessageDto Build(
        MessageRow row, IReadOnlyList<ReactionDto> reactions, IReadOnlyList<Guid> mentions, IReadOnlyList<AttachmentDto> attachments, MessageStatus? status) => new()
    {
        Id = row.Id,
        ConversationId = row.ConversationId,
        Seq = row.Seq,
        Version = row.Version,
        Sender = row.Sender,
        Content = row.Content,
        Unreadable = row.Unreadable,
        ClientMessageId = row.ClientMessageId,
        ReplyToId = row.ReplyToId,
        ThreadRootId = row.ThreadRootId,
        ReplyCount = row.ReplyCount,
        Attachments = attachments,
        Reactions = reactions,
        Mentions = mentions,
        CreatedAt = row.CreatedAt,
        EditedAt = row.EditedAt,
        DeletedAt = row.DeletedAt,
        IsDeleted = row.DeletedAt is not null,
        Status = status,
    };
}
