using Chat.Application.Common.Persistence;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Messages;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Conversations;

/// <summary>
/// Turns conversations into <see cref="ConversationDto"/>s in a fixed number of queries, whatever their number:
/// the conversations, their participants with user summaries and markers, the last messages (see
/// <see cref="MessageReader"/>) and the unread counts (markers against the (conversation, seq) index).
/// </summary>
internal sealed class ConversationReader(IChatDbContext db, MessageReader messages)
{
    /// <summary>The conversations as <paramref name="viewerId"/> sees them, in the order of <paramref name="conversationIds"/>.</summary>
    public async Task<List<ConversationDto>> ReadAsync(IReadOnlyList<Guid> conversationIds, Guid viewerId, CancellationToken cancellationToken)
    {
        if (conversationIds.Count == 0)
        {
            return [];
        }

        var conversations = await db.Set<Conversation>().Where(c => conversationIds.Contains(c.Id)).Select(Row).ToListAsync(cancellationToken);

        // Channels have no participant list; their read state is the viewer's room membership and lazy read row.
        var channelIds = conversations.Where(c => c.Kind == ConversationKind.Channel).Select(c => c.Id).ToList();
        var otherIds = conversations.Where(c => c.Kind != ConversationKind.Channel).Select(c => c.Id).ToList();
        var participants = otherIds.Count == 0
            ? Array.Empty<ParticipantRow>().ToLookup(p => p.ConversationId)
            : (await ParticipantsOf(db.Set<ConversationParticipant>().Where(p => otherIds.Contains(p.ConversationId))).ToListAsync(cancellationToken))
                .ToLookup(p => p.ConversationId);

        var directIds = conversations.Where(c => c.Kind == ConversationKind.Direct).Select(c => c.Id).ToHashSet();
        var directStates = participants
            .Where(g => directIds.Contains(g.Key))
            .SelectMany(g => g.Where(p => p.UserId != viewerId))
            .Select(p => new DirectReadState(p.ConversationId, p.LastReadSeq, p.LastDeliveredSeq))
            .ToList();
        var lastMessages = (await messages.ReadAsync(LastMessagesOf(conversationIds), viewerId, cancellationToken, directStates))
            .ToDictionary(m => m.ConversationId);

        var unread = otherIds.Count == 0
            ? []
            : await (
                    from p in db.Set<ConversationParticipant>()
                    where p.UserId == viewerId && otherIds.Contains(p.ConversationId)
                    join m in db.Set<Message>() on p.ConversationId equals m.ConversationId
                    where m.Seq > p.LastReadSeq && m.SenderId != viewerId && m.DeletedAt == null
                    group m by p.ConversationId into g
                    select new { ConversationId = g.Key, Count = g.Count() })
                .ToDictionaryAsync(u => u.ConversationId, u => u.Count, cancellationToken);
        var channelStates = channelIds.Count == 0
            ? []
            : await ChannelReadState.UnreadOf(db, viewerId, db.Set<Conversation>().Where(c => channelIds.Contains(c.Id)))
                .ToDictionaryAsync(u => u.ConversationId, cancellationToken);
        foreach (var state in channelStates.Values)
        {
            unread[state.ConversationId] = state.UnreadCount;
        }

        var byId = conversations.ToDictionary(c => c.Id);
        return conversationIds
            .Where(byId.ContainsKey)
            .Select(id => Build(
                byId[id], participants[id].ToList(), viewerId, lastMessages.GetValueOrDefault(id), unread.GetValueOrDefault(id),
                channelStates.GetValueOrDefault(id)?.LastReadSeq))
            .ToList();
    }

    public async Task<ConversationDto> ReadOneAsync(Guid conversationId, Guid viewerId, CancellationToken cancellationToken) =>
        (await ReadAsync([conversationId], viewerId, cancellationToken)).SingleOrNotFound($"conversation {conversationId}");

    /// <summary>The conversation as each of its participants sees it (for events, which carry each recipient's own read state).</summary>
    public async Task<IReadOnlyDictionary<Guid, ConversationDto>> ReadForEachParticipantAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var conversation = await db.Set<Conversation>().Where(c => c.Id == conversationId).Select(Row).SingleOrDefaultAsync(cancellationToken);
        if (conversation is null)
        {
            return new Dictionary<Guid, ConversationDto>();
        }

        var participants = await ParticipantsOf(db.Set<ConversationParticipant>().Where(p => p.ConversationId == conversationId)).ToListAsync(cancellationToken);
        var viewers = participants.Select(p => p.UserId).ToList();
        var lastMessageId = await db.Set<Message>()
            .Where(m => m.ConversationId == conversation.Id && m.Seq == conversation.LastSeq)
            .Select(m => (Guid?)m.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var lastMessageViews = lastMessageId is null ? [] : await messages.ReadViewsAsync(lastMessageId.Value, viewers, cancellationToken);
        var lastMessageOf = lastMessageViews.SelectMany(v => v.ViewerIds.Select(id => (id, v.Message))).ToDictionary(x => x.id, x => x.Message);

        var unread = await (
                from p in db.Set<ConversationParticipant>()
                where p.ConversationId == conversationId
                join m in db.Set<Message>() on p.ConversationId equals m.ConversationId
                where m.Seq > p.LastReadSeq && m.SenderId != p.UserId && m.DeletedAt == null
                group m by p.UserId into g
                select new { UserId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(u => u.UserId, u => u.Count, cancellationToken);

        return viewers.ToDictionary(
            id => id,
            id => Build(conversation, participants, id, lastMessageOf.GetValueOrDefault(id), unread.GetValueOrDefault(id), null));
    }

    private IQueryable<Message> LastMessagesOf(IReadOnlyList<Guid> conversationIds) =>
        from c in db.Set<Conversation>()
        where conversationIds.Contains(c.Id)
        join m in db.Set<Message>() on new { ConversationId = c.Id, Seq = c.LastSeq } equals new { m.ConversationId, m.Seq }
        select m;

    private IQueryable<ParticipantRow> ParticipantsOf(IQueryable<ConversationParticipant> participants) =>
        from p in participants
        join u in db.Set<User>() on p.UserId equals u.Id
        select new ParticipantRow(p.ConversationId, p.UserId, p.Role, p.JoinedAt, p.LastReadSeq, p.LastDeliveredSeq, u.Username, u.DisplayName, u.AvatarUrl);

    private static readonly System.Linq.Expressions.Expression<Func<Conversation, ConversationRow>> Row = c =>
        new ConversationRow(c.Id, c.Kind, c.Title, c.Topic, c.RoomId, c.ChannelType, c.Position, c.LastSeq, c.Version, c.CreatedAt, c.UpdatedAt);

    private static ConversationDto Build(
        ConversationRow conversation, IReadOnlyList<ParticipantRow> participants, Guid viewerId, MessageDto? lastMessage, int unreadCount,
        long? channelReadSeq) => new()
    {
        Id = conversation.Id,
        Kind = conversation.Kind,
        Title = conversation.Title,
        RoomId = conversation.RoomId,
        ChannelType = conversation.ChannelType?.ToString().ToLowerInvariant(),
        Topic = conversation.Topic,
        Position = conversation.Position,
        Participants = conversation.Kind == ConversationKind.Channel
            ? null
            : participants
                .OrderBy(p => p.Role).ThenBy(p => p.JoinedAt).ThenBy(p => p.UserId)
                .Select(p => new ParticipantDto { Id = p.UserId, Username = p.Username, DisplayName = p.DisplayName, AvatarUrl = p.AvatarUrl, Role = p.Role })
                .ToList(),
        LastMessage = lastMessage,
        LastSeq = conversation.LastSeq,
        Version = conversation.Version,
        LastReadSeq = channelReadSeq ?? participants.FirstOrDefault(p => p.UserId == viewerId)?.LastReadSeq ?? 0,
        UnreadCount = unreadCount,
        CreatedAt = conversation.CreatedAt,
        UpdatedAt = conversation.UpdatedAt,
    };

    private sealed record ConversationRow(
        Guid Id, ConversationKind Kind, string? Title, string? Topic, Guid? RoomId, ChannelType? ChannelType, int? Position,
        long LastSeq, long Version, DateTime CreatedAt, DateTime UpdatedAt);

    private sealed record ParticipantRow(
        Guid ConversationId, Guid UserId, ParticipantRole Role, DateTime JoinedAt, long LastReadSeq, long LastDeliveredSeq,
        string Username, string DisplayName, string? AvatarUrl);
}
