using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Messages;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Chat.Domain.Rooms;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Conversations;

/// <summary>
/// Membership answers, each one query over unique indexes: a direct or group conversation's members are its participant
/// rows; a channel's are its room's members (a banned user is never one: the ban ends the membership in the same
/// transaction), whatever channel read rows exist — those are made lazily and carry only markers
/// (docs/decisions/0012-no-per-member-work-per-message.md).
/// </summary>
internal sealed class ConversationMembership(IChatDbContext db) : IConversationMembership
{
    /// <summary>
    /// Every conversation request's access check, compiled once (it runs before each send and read: EF's per-query tree
    /// walk and cache lookup cost more than the query itself; <see cref="PageQueries"/>).
    /// </summary>
    private static readonly PageQueries.PerModel<Func<DbContext, Guid, Guid, CancellationToken, Task<bool?>>> Access = new(() => EF.CompileAsyncQuery(
        (DbContext context, Guid conversationId, Guid userId, CancellationToken _) =>
            context.Set<Conversation>()
                .Where(c => c.Id == conversationId)
                .Select(c => (bool?)(c.RoomId == null
                    ? context.Set<ConversationParticipant>().Any(p => p.ConversationId == c.Id && p.UserId == userId)
                    : context.Set<RoomMember>().Any(m => m.RoomId == c.RoomId && m.UserId == userId)))
                .FirstOrDefault()));

    public async Task<ConversationAccess> AccessAsync(Guid userId, Guid conversationId, CancellationToken cancellationToken)
    {
        var context = (DbContext)db;
        return ToAccess(await Access.For(context)(context, conversationId, userId, cancellationToken));
    }

    public async Task<(ConversationAccess Access, Guid ConversationId)> AccessToMessageAsync(Guid userId, Guid messageId, CancellationToken cancellationToken)
    {
        var row = await (
                from m in db.Set<Message>()
                where m.Id == messageId
                join c in db.Set<Conversation>() on m.ConversationId equals c.Id
                select new
                {
                    m.ConversationId,
                    IsParticipant = c.RoomId == null
                        ? db.Set<ConversationParticipant>().Any(p => p.ConversationId == c.Id && p.UserId == userId)
                        : db.Set<RoomMember>().Any(r => r.RoomId == c.RoomId && r.UserId == userId),
                })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? (ConversationAccess.Missing, Guid.Empty) : (ToAccess(row.IsParticipant), row.ConversationId);
    }

    public async Task<bool> CanReadAsync(Guid userId, Guid conversationId, CancellationToken cancellationToken) =>
        await AccessAsync(userId, conversationId, cancellationToken) == ConversationAccess.Granted;

    public async Task<IReadOnlyList<Guid>> ParticipantIdsAsync(Guid conversationId, CancellationToken cancellationToken) =>
        await db.Set<ConversationParticipant>()
            .Where(p => p.ConversationId == conversationId && db.Set<Conversation>().Any(c => c.Id == conversationId && c.RoomId == null))
            .Select(p => p.UserId)
            .Concat(db.Set<RoomMember>()
                .Where(m => db.Set<Conversation>().Any(c => c.Id == conversationId && c.RoomId == m.RoomId))
                .Select(m => m.UserId))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<Guid>> ConversationIdsOfAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Set<ConversationParticipant>()
            .Where(p => p.UserId == userId && db.Set<Conversation>().Any(c => c.Id == p.ConversationId && c.RoomId == null))
            .Select(p => p.ConversationId)
            .Concat(
                from m in db.Set<RoomMember>()
                where m.UserId == userId
                join c in db.Set<Conversation>() on (Guid?)m.RoomId equals c.RoomId
                select c.Id)
            .ToListAsync(cancellationToken);

    private static ConversationAccess ToAccess(bool? isParticipant) => isParticipant switch
    {
        null => ConversationAccess.Missing,
        false => ConversationAccess.Denied,
        true => ConversationAccess.Granted,
    };
}
