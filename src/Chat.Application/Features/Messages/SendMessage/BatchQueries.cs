using Chat.Application.Features.Users;
using Chat.Domain.Conversations;
using Chat.Domain.Friends;
using Chat.Domain.Messages;
using Chat.Domain.Rooms;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Messages.SendMessage;

/// <summary>
/// The reads of a send batch (<see cref="MessageBatchStore"/>), compiled once per model like a history page's
/// (<see cref="PageQueries"/>): a batch then skips EF's per-query work of building, walking and looking up each LINQ
/// tree (the senders' lookup alone was 3.6 % of a channel send's CPU samples, docs/benchmarks.md item 20). Every list
/// is one array parameter (DatabaseSetup: ParameterTranslationMode.Parameter), so the SQL is the same whatever the
/// batch's size. The lists' cross products may match rows nobody asked for; callers look rows up by exact key.
/// </summary>
internal static class BatchQueries
{
    /// <summary>The senders as a message shows them.</summary>
    public static readonly PageQueries.PerModel<Func<DbContext, Guid[], IAsyncEnumerable<UserSummaryDto>>> Senders = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid[] userIds) =>
            db.Set<User>().AsNoTracking()
                .Where(u => userIds.Contains(u.Id))
                .Select(u => new UserSummaryDto { Id = u.Id, Username = u.Username, DisplayName = u.DisplayName, AvatarUrl = u.AvatarUrl })));

    /// <summary>
    /// Messages already made with one of the client ids, where the provider has no exact-key look-up
    /// (<see cref="Common.Interfaces.IChatDbContext.FindByClientIdsAsync"/>; SQL Server): all three columns of the unique
    /// index (with the conversation alone, SQLite without statistics read every message of every conversation of the batch).
    /// </summary>
    public static readonly PageQueries.PerModel<Func<DbContext, Guid[], Guid[], string[], IAsyncEnumerable<EarlierSend>>> EarlierSends = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid[] conversationIds, Guid[] senderIds, string[] clientIds) =>
            db.Set<Message>().AsNoTracking()
                .Where(m => conversationIds.Contains(m.ConversationId) && senderIds.Contains(m.SenderId) && m.ClientMessageId != null && clientIds.Contains(m.ClientMessageId))
                .Select(m => new EarlierSend(m.ConversationId, m.SenderId, m.ClientMessageId!, m.Id))));

    /// <summary>The senders' participant rows, tracked (a send moves its sender's markers).</summary>
    public static readonly PageQueries.PerModel<Func<DbContext, Guid[], Guid[], IAsyncEnumerable<ConversationParticipant>>> SenderRows = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid[] conversationIds, Guid[] senderIds) =>
            db.Set<ConversationParticipant>().AsTracking().Where(p => conversationIds.Contains(p.ConversationId) && senderIds.Contains(p.UserId))));

    /// <summary>The senders' room memberships (access to a channel) with their join times.</summary>
    public static readonly PageQueries.PerModel<Func<DbContext, Guid[], Guid[], IAsyncEnumerable<Membership>>> Memberships = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid[] roomIds, Guid[] userIds) =>
            db.Set<RoomMember>().AsNoTracking()
                .Where(m => roomIds.Contains(m.RoomId) && userIds.Contains(m.UserId))
                .Select(m => new Membership(m.RoomId, m.UserId, m.JoinedAt))));

    /// <summary>Both sides of each direct conversation: markers, and whether the account is deleted.</summary>
    public static readonly PageQueries.PerModel<Func<DbContext, Guid[], IAsyncEnumerable<DirectSide>>> DirectSides = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid[] conversationIds) =>
            from p in db.Set<ConversationParticipant>().AsNoTracking()
            join u in db.Set<User>() on p.UserId equals u.Id
            where conversationIds.Contains(p.ConversationId)
            select new DirectSide(p.ConversationId, p.UserId, p.LastReadSeq, p.LastDeliveredSeq, u.DeletedAt != null)));

    /// <summary>The blocks between any two of the people.</summary>
    public static readonly PageQueries.PerModel<Func<DbContext, Guid[], IAsyncEnumerable<BlockPair>>> Blocks = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid[] people) =>
            db.Set<Block>().AsNoTracking()
                .Where(b => people.Contains(b.BlockerId) && people.Contains(b.BlockedId))
                .Select(b => new BlockPair(b.BlockerId, b.BlockedId))));

    internal sealed record EarlierSend(Guid ConversationId, Guid SenderId, string ClientMessageId, Guid Id);

    internal sealed record Membership(Guid RoomId, Guid UserId, DateTime JoinedAt);

    internal sealed record DirectSide(Guid ConversationId, Guid UserId, long LastReadSeq, long LastDeliveredSeq, bool Deleted);

    internal sealed record BlockPair(Guid BlockerId, Guid BlockedId);
}
