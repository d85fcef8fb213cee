using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using Chat.Application.Features.Attachments;
using Chat.Application.Features.Conversations;
using Chat.Application.Features.Search;
using Chat.Application.Features.Users;
using Chat.Domain.Attachments;
using Chat.Domain.Common;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.SendMessage;

/// <summary>
/// Stores a batch of sends in one transaction: lock each conversation row once (in id order, the same in every
/// process, so two nodes' batches never wait on each other in a cycle) and then the senders' participant rows, look up all their client ids at once, check
/// each sender again under the lock (still a participant; in a direct conversation, no block and the other account not
/// deleted; the rows those checks need are read for the whole batch at once), append the messages in queue order
/// (next <c>seq</c> and <c>version</c>), index them for search, save once, claim attachments. A send refused by those
/// checks gets its own refusal and the others commit. <c>MessageSent</c> events go out after the commit, each conversation's in seq order.
/// </summary>
internal sealed class MessageBatchStore(
    IChatDbContext db, MessageSearchIndex searchIndex, WrittenMessages written, IContentProtection protection, SealedAttachments sealedAttachments, TimeProvider clock)
{
    /// <summary>
    /// Per send, in order: a <see cref="SendOutcome"/> or the <see cref="Exception"/> that refused it alone. Throws when
    /// the transaction fails as a whole (nothing of the batch is stored then).
    /// </summary>
    public async Task<IReadOnlyList<object>> StoreAsync(IReadOnlyList<QueuedSend> sends, CancellationToken cancellationToken)
    {
        // PostgreSQL keeps microseconds: the answer built here must equal what a later read returns.
        var now = clock.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % 10));
        var senderIds = sends.Select(s => s.SenderId).Distinct().ToArray();
        var senders = (await BatchQueries.Senders.For(Context)(Context, senderIds).ToListAsync(cancellationToken)).ToDictionary(u => u.Id);

        // Encryption at rest: data keys are made before the transaction that seals with them (IContentProtection.PrepareAsync).
        await protection.PrepareAsync(sends.Select(s => s.ConversationId).Distinct(), cancellationToken);
        var results = new object[sends.Count];
        await db.InTransactionAsync(ct => WriteAsync(sends, senders, results, now, ct), cancellationToken);
        return results;
    }

    private DbContext Context => db.AsDbContext();

    private async Task<bool> WriteAsync(
        IReadOnlyList<QueuedSend> sends, IReadOnlyDictionary<Guid, UserSummaryDto> senders, object[] results, DateTime now, CancellationToken ct)
    {
        Array.Clear(results);
        var appended = new List<(int Index, Message Message, DirectReadState? Direct)>();
        var byConversation = sends.Select((send, index) => (Send: send, Index: index)).GroupBy(s => s.Send.ConversationId).OrderBy(g => g.Key).ToList();

        var locked = await db.LockConversationsAsync(byConversation.Select(g => g.Key), ct);
        foreach (var group in byConversation.Where(g => !locked.ContainsKey(g.Key)))
        {
            // Deleted since the access check: every send into it is refused, the rest go on.
            var gone = new NotFoundException($"There is no conversation {group.Key}.");
            foreach (var (_, index) in group)
            {
                results[index] = gone;
            }
        }

        var live = sends.Where(s => locked.ContainsKey(s.ConversationId)).ToList();
        await LockSenderRowsAsync(live, ct);
        var earlier = await EarlierSendsAsync(live, ct);
        var sides = await SidesAsync(live, locked, ct);
        foreach (var group in byConversation.Where(g => locked.ContainsKey(g.Key)))
        {
            var conversation = locked[group.Key];
            var checkedSenders = new Dictionary<Guid, Task<CheckedSender>>();
            foreach (var (send, index) in group)
            {
                var clientId = send.Command.ClientMessageId is { Length: > 0 } given ? given : null;
                if (clientId is not null && earlier.TryGetValue((conversation.Id, send.SenderId, clientId), out var firstId))
                {
                    results[index] = new SendOutcome(firstId, Stored: null);
                    continue;
                }

                try
                {
                    if (!checkedSenders.TryGetValue(send.SenderId, out var check))
                    {
                        check = CheckSenderAsync(conversation, send.SenderId, sides, ct);
                        checkedSenders[send.SenderId] = check;
                    }

                    var sender = await check;
                    var message = await AppendAsync(conversation, sender.Participant, send, now, ct);
                    if (clientId is not null)
                    {
                        // A second send of the same client id in this batch answers the first.
                        earlier[(conversation.Id, send.SenderId, clientId)] = message.Id;
                    }

                    appended.Add((index, message, sender.Direct));
                }
                catch (Exception refusal) when (refusal is ChatApplicationException or DomainException)
                {
                    results[index] = refusal;
                }
            }
        }

        await db.SaveChangesAsync(ct);
        foreach (var (index, message, _) in appended)
        {
            await ClaimAttachmentsAsync(message.Id, sends[index], ct);
        }

        foreach (var (index, message, direct) in appended)
        {
            var dto = ToDto(message, sends[index], senders.GetValueOrDefault(message.SenderId), direct);
            written.Keep(dto);
            results[index] = new SendOutcome(message.Id, dto);
        }

        return true;
    }

    private async Task<Message> AppendAsync(Conversation conversation, ConversationParticipant sender, QueuedSend send, DateTime now, CancellationToken ct)
    {
        var (replyTo, threadRoot) = await LoadReplyTargetAsync(send.Command, ct);
        var message = conversation.AppendMessage(
            sender, send.Command.Content, send.Command.ClientMessageId, replyTo, send.Mentions, now, threadRoot, hasAttachments: send.Attachments.Count > 0);
        db.Set<Message>().Add(message);
        searchIndex.Add(message, send.Attachments.Select(a => a.FileName));
        written.Record(message.Id, send.SocketSessionId);
        return message;
    }

    /// <summary>
    /// Takes the row locks of the senders' participant rows before anything reads them: a no-op UPDATE, one statement
    /// for the batch (as <see cref="ConversationLock"/> does for conversation rows). A send moves its sender's markers,
    /// which are concurrency tokens, and the sender's other devices move them too (delivery and read markers take no
    /// conversation lock). Without this lock, a marker moved between this batch's read and its save failed the whole
    /// batch, which was then stored one send at a time; a send that lost that race three times was answered 404 (seen
    /// on PostgreSQL under load). Now the other device's update waits for the commit, finds the row changed and re-reads
    /// (<see cref="ParticipantMarkers"/>). On SQLite the transaction's write lock already keeps it out, so no statement is sent
    /// (<see cref="IChatDbContext.WritersSerialized"/>).
    /// The lists' cross product may lock rows of other senders in these conversations, whose locks this batch holds anyway.
    /// </summary>
    private async Task LockSenderRowsAsync(IReadOnlyList<QueuedSend> sends, CancellationToken ct)
    {
        if (sends.Count == 0 || db.WritersSerialized)
        {
            return;
        }

        await SenderRows(sends.Select(s => s.ConversationId).Distinct().ToList(), sends.Select(s => s.SenderId).Distinct().ToList())
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LastReadSeq, p => p.LastReadSeq), ct);
    }

    /// <summary>The participant rows of <paramref name="senderIds"/> in <paramref name="conversationIds"/> (the lists' cross product).</summary>
    private IQueryable<ConversationParticipant> SenderRows(List<Guid> conversationIds, List<Guid> senderIds) =>
        db.Set<ConversationParticipant>().Where(p => conversationIds.Contains(p.ConversationId) && senderIds.Contains(p.UserId));

    /// <summary>The messages the batch's client ids already made, keyed by (conversation, sender, client id): one query.</summary>
    private async Task<Dictionary<(Guid, Guid, string), Guid>> EarlierSendsAsync(IReadOnlyList<QueuedSend> sends, CancellationToken ct)
    {
        var keyed = sends.Where(s => s.Command.ClientMessageId is { Length: > 0 }).ToList();
        if (keyed.Count == 0)
        {
            return [];
        }

        // Exact keys where the provider can say so in one statement; else all three columns of the unique index as lists
        // (with the conversation alone, SQLite without statistics read every message of every conversation in the
        // batch). The lists' cross product may match a message not asked for; the lookup is by the exact triple.
        var keys = keyed.Select(s => new ClientIdMatch(s.ConversationId, s.SenderId, s.Command.ClientMessageId!, Guid.Empty)).Distinct().ToList();
        if (await db.FindByClientIdsAsync(keys, ct) is { } exact)
        {
            return exact.ToDictionary(m => (m.ConversationId, m.SenderId, m.ClientMessageId), m => m.MessageId);
        }

        var conversationIds = keyed.Select(s => s.ConversationId).Distinct().ToArray();
        var senderIds = keyed.Select(s => s.SenderId).Distinct().ToArray();
        var clientIds = keyed.Select(s => s.Command.ClientMessageId!).Distinct().ToArray();
        var found = await BatchQueries.EarlierSends.For(Context)(Context, conversationIds, senderIds, clientIds).ToListAsync(ct);
        return found.ToDictionary(m => (m.ConversationId, m.SenderId, m.ClientMessageId), m => m.Id);
    }

    /// <summary>
    /// What the sender checks need of every conversation of the batch, in at most four queries for the whole batch
    /// instead of some per conversation or per sender: the senders' participant rows (tracked: a send moves its sender's
    /// markers), in channels the senders' room memberships (access to a channel is the membership; its join time says
    /// whether the row is current), each direct conversation's two sides (markers, and whether the account is deleted),
    /// and the blocks between those people. The lists' cross products may fetch rows nobody asked for; every use looks
    /// rows up by exact key.
    /// </summary>
    private async Task<BatchSides> SidesAsync(IReadOnlyList<QueuedSend> sends, IReadOnlyDictionary<Guid, Conversation> locked, CancellationToken ct)
    {
        var conversationIds = sends.Select(s => s.ConversationId).Distinct().ToArray();
        var senderIds = sends.Select(s => s.SenderId).Distinct().ToArray();
        var directIds = conversationIds.Where(id => locked[id].Kind == ConversationKind.Direct).ToArray();
        var roomIds = conversationIds.Select(id => locked[id].RoomId).OfType<Guid>().Distinct().ToArray();

        List<ConversationParticipant> participants = conversationIds.Length == 0 ? [] : await BatchQueries.SenderRows.For(Context)(Context, conversationIds, senderIds).ToListAsync(ct);
        List<BatchQueries.Membership> memberships = roomIds.Length == 0 ? [] : await BatchQueries.Memberships.For(Context)(Context, roomIds, senderIds).ToListAsync(ct);
        List<BatchQueries.DirectSide> direct = directIds.Length == 0 ? [] : await BatchQueries.DirectSides.For(Context)(Context, directIds).ToListAsync(ct);
        var people = direct.Select(d => d.UserId).Union(senderIds).ToArray();
        List<BatchQueries.BlockPair> blocks = direct.Count == 0 ? [] : await BatchQueries.Blocks.For(Context)(Context, people).ToListAsync(ct);
        return new BatchSides(
            participants.ToDictionary(p => (p.ConversationId, p.UserId)),
            memberships.ToDictionary(m => (m.RoomId, m.UserId), m => m.JoinedAt),
            direct.ToLookup(d => d.ConversationId),
            blocks.Select(b => (b.BlockerId, b.BlockedId)).ToHashSet());
    }

    /// <summary>
    /// The sender is still a participant (the access check ran before the lock), and in a direct conversation neither
    /// side blocked the other and the other account still exists. With the other side's markers (for the answer's status).
    /// </summary>
    private async Task<CheckedSender> CheckSenderAsync(Conversation conversation, Guid senderId, BatchSides sides, CancellationToken ct)
    {
        if (conversation.Kind == ConversationKind.Channel)
        {
            // A member whose row is as new as their membership sends with it. Without a membership the send is refused;
            // without a current row ParticipantLookup makes or renews it at the join point.
            if (conversation.RoomId is not { } roomId || !sides.Memberships.TryGetValue((roomId, senderId), out var joinedAt))
            {
                throw ParticipantLookup.NotAParticipant(conversation.Id);
            }

            return sides.Participants.GetValueOrDefault((conversation.Id, senderId)) is { } current && current.BelongsToMembership(joinedAt)
                ? new CheckedSender(current, null)
                : new CheckedSender(await db.RequireParticipantAsync(conversation.Id, senderId, ct), null);
        }

        var participant = sides.Participants.GetValueOrDefault((conversation.Id, senderId)) ?? throw ParticipantLookup.NotAParticipant(conversation.Id);
        if (conversation.Kind != ConversationKind.Direct)
        {
            return new CheckedSender(participant, null);
        }

        var other = sides.Direct[conversation.Id].FirstOrDefault(side => side.UserId != senderId);
        if (other is null)
        {
            return new CheckedSender(participant, null);
        }

        // The other participant's account was deleted: the conversation stays readable, nobody is there to answer.
        if (other.Deleted)
        {
            throw new ForbiddenException("The other participant deleted their account.", "user_deleted");
        }

        if (sides.Blocks.Contains((senderId, other.UserId)) || sides.Blocks.Contains((other.UserId, senderId)))
        {
            throw new ForbiddenException("You cannot message this user.", "blocked");
        }

        return new CheckedSender(participant, new DirectReadState(conversation.Id, other.LastReadSeq, other.LastDeliveredSeq));
    }

    private async Task<(Message? ReplyTo, Message? ThreadRoot)> LoadReplyTargetAsync(SendMessageCommand request, CancellationToken ct)
    {
        if (request.ReplyToId is not { } replyToId)
        {
            return (null, null);
        }

        var replyTo = await db.Set<Message>().SingleOrDefaultAsync(m => m.Id == replyToId && m.ConversationId == request.ConversationId, ct)
            ?? throw new RequestValidationException(new Dictionary<string, string[]>
            {
                ["replyToId"] = ["The message replied to must be a message of this conversation."],
            });
        var threadRoot = replyTo.ThreadRootId is { } rootId ? await db.Set<Message>().Where(m => m.Id == rootId).SingleOrNotFoundAsync($"message {rootId}", ct) : null;
        return (replyTo, threadRoot);
    }

    /// <summary>
    /// Claims the attachments with one conditional update (still unsent, still the sender's): if another send or the
    /// clean-up job took one first, fewer rows change and the transaction fails; the writer then stores the batch's
    /// sends one at a time and only this one is refused with 409.
    /// </summary>
    private async Task ClaimAttachmentsAsync(Guid messageId, QueuedSend send, CancellationToken ct)
    {
        if (send.Attachments.Count == 0)
        {
            return;
        }

        var ids = send.Attachments.Select(a => a.Id).ToList();
        var claimed = await db.Set<Attachment>()
            .Where(a => ids.Contains(a.Id) && a.UploaderId == send.SenderId && a.MessageId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.MessageId, (Guid?)messageId), ct);
        if (claimed != ids.Count)
        {
            throw new ConflictException("An attachment was sent in another message or has expired.", "attachment_already_sent");
        }

        // Encryption at rest: the file keys now follow the conversation's data key (erased with it).
        await sealedAttachments.ClaimAsync(ids, send.ConversationId, ct);
    }

    /// <summary>The new message as its sender sees it (what <see cref="MessageReader"/> would read back, without the read).</summary>
    private static MessageDto ToDto(Message message, QueuedSend send, UserSummaryDto? sender, DirectReadState? direct) => new()
    {
        Id = message.Id,
        ConversationId = message.ConversationId,
        Seq = message.Seq,
        Version = message.Version,
        Sender = sender,
        Content = message.Content,
        ClientMessageId = message.ClientMessageId,
        ReplyToId = message.ReplyToId,
        ThreadRootId = message.ThreadRootId,
        ReplyCount = message.ReplyCount,
        Attachments = send.Attachments.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).Select(AttachmentReader.ToDto).ToList(),
        Reactions = [],
        Mentions = message.Mentions.Select(m => m.UserId).Order().ToList(),
        CreatedAt = message.CreatedAt,
        Status = direct?.StatusOf(message.Seq),
    };

    private sealed record CheckedSender(ConversationParticipant Participant, DirectReadState? Direct);

    private sealed record BatchSides(
        IReadOnlyDictionary<(Guid ConversationId, Guid UserId), ConversationParticipant> Participants,
        IReadOnlyDictionary<(Guid RoomId, Guid UserId), DateTime> Memberships,
        ILookup<Guid, BatchQueries.DirectSide> Direct,
        IReadOnlySet<(Guid BlockerId, Guid BlockedId)> Blocks);
}
