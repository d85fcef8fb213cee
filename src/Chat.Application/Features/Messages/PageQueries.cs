using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Users;
using Chat.Domain.Attachments;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Chat.Domain.Users;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Chat.Application.Features.Messages;

/// <summary>
/// The queries behind a page of history or changes, compiled once (<see cref="EF.CompileAsyncQuery{TContext,TParam1,TResult}(System.Linq.Expressions.Expression{Func{TContext,TParam1,TResult}})"/>):
/// a request then skips EF's per-query work of walking the LINQ tree, extracting its parameters and looking the
/// query up in the cache (most of the CPU a history page cost, measured in docs/performance.md). Each reads one
/// index range: messages by (conversation, seq) or (conversation, version); reactions, mentions and attachments by
/// their message id prefix; participants by (conversation, user). Only the columns a <see cref="MessageDto"/> needs;
/// a page's conversation id comes from the parameter, not from each row (SQLite stores ids as text: one column read
/// and one GUID parse less per message).
/// </summary>
/// <remarks>
/// EF binds a compiled query to the first model it runs with, so each query is compiled once per model
/// (<see cref="PerModel{TQuery}"/>): one process may serve several databases of different providers (the tests do).
/// </remarks>
internal static class PageQueries
{
    /// <summary>Messages below seq <c>below</c>, nearest first, at most <c>take</c>; with their senders.</summary>
    public static readonly PerModel<Func<DbContext, Guid, long, bool, int, IAsyncEnumerable<MessageRow>>> Below = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid conversationId, long below, bool includeDeleted, int take) =>
            from m in db.Set<Message>()
                .Where(m => m.ConversationId == conversationId && m.Seq < below && (includeDeleted || m.DeletedAt == null))
                .OrderByDescending(m => m.Seq)
                .Take(take)
            join u in db.Set<User>() on m.SenderId equals u.Id into senders
            from u in senders.DefaultIfEmpty()
            orderby m.Seq descending
            select new MessageRow(
                m.Id, conversationId, m.Seq, m.Version, m.SenderId,
                u == null ? null : new UserSummaryDto { Id = u.Id, Username = u.Username, DisplayName = u.DisplayName, AvatarUrl = u.AvatarUrl },
                m.Content, m.ClientMessageId, m.ReplyToId, m.ThreadRootId, m.ReplyCount, m.CreatedAt, m.EditedAt, m.DeletedAt,
                EF.Property<byte[]?>(m, SealedColumns.Content))));

    /// <summary>Messages above seq <c>above</c>, nearest first, at most <c>take</c>; with their senders.</summary>
    public static readonly PerModel<Func<DbContext, Guid, long, bool, int, IAsyncEnumerable<MessageRow>>> Above = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid conversationId, long above, bool includeDeleted, int take) =>
            from m in db.Set<Message>()
                .Where(m => m.ConversationId == conversationId && m.Seq > above && (includeDeleted || m.DeletedAt == null))
                .OrderBy(m => m.Seq)
                .Take(take)
            join u in db.Set<User>() on m.SenderId equals u.Id into senders
            from u in senders.DefaultIfEmpty()
            orderby m.Seq
            select new MessageRow(
                m.Id, conversationId, m.Seq, m.Version, m.SenderId,
                u == null ? null : new UserSummaryDto { Id = u.Id, Username = u.Username, DisplayName = u.DisplayName, AvatarUrl = u.AvatarUrl },
                m.Content, m.ClientMessageId, m.ReplyToId, m.ThreadRootId, m.ReplyCount, m.CreatedAt, m.EditedAt, m.DeletedAt,
                EF.Property<byte[]?>(m, SealedColumns.Content))));

    /// <summary>Messages whose version is above <c>since</c> (tombstones included), in (version, seq) order, at most <c>take</c>.</summary>
    public static readonly PerModel<Func<DbContext, Guid, long, int, IAsyncEnumerable<MessageRow>>> ChangedSince = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid conversationId, long since, int take) =>
            from m in db.Set<Message>()
                .Where(m => m.ConversationId == conversationId && m.Version > since)
                .OrderBy(m => m.Version).ThenBy(m => m.Seq)
                .Take(take)
            join u in db.Set<User>() on m.SenderId equals u.Id into senders
            from u in senders.DefaultIfEmpty()
            orderby m.Version, m.Seq
            select new MessageRow(
                m.Id, conversationId, m.Seq, m.Version, m.SenderId,
                u == null ? null : new UserSummaryDto { Id = u.Id, Username = u.Username, DisplayName = u.DisplayName, AvatarUrl = u.AvatarUrl },
                m.Content, m.ClientMessageId, m.ReplyToId, m.ThreadRootId, m.ReplyCount, m.CreatedAt, m.EditedAt, m.DeletedAt,
                EF.Property<byte[]?>(m, SealedColumns.Content))));

    /// <summary>The lowest seq at or above <c>seq</c> (null when none): PostgreSQL walks the index from the cursor, where EXISTS may not.</summary>
    public static readonly PerModel<Func<DbContext, Guid, long, bool, CancellationToken, Task<long?>>> NearestAtOrAbove = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid conversationId, long seq, bool includeDeleted, CancellationToken _) =>
            db.Set<Message>()
                .Where(m => m.ConversationId == conversationId && m.Seq >= seq && (includeDeleted || m.DeletedAt == null))
                .OrderBy(m => m.Seq)
                .Select(m => (long?)m.Seq)
                .FirstOrDefault()));

    /// <summary>The highest seq at or below <c>seq</c> (null when none).</summary>
    public static readonly PerModel<Func<DbContext, Guid, long, bool, CancellationToken, Task<long?>>> NearestAtOrBelow = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid conversationId, long seq, bool includeDeleted, CancellationToken _) =>
            db.Set<Message>()
                .Where(m => m.ConversationId == conversationId && m.Seq <= seq && (includeDeleted || m.DeletedAt == null))
                .OrderByDescending(m => m.Seq)
                .Select(m => (long?)m.Seq)
                .FirstOrDefault()));

    /// <summary>The conversation's version (null when it does not exist).</summary>
    public static readonly PerModel<Func<DbContext, Guid, CancellationToken, Task<long?>>> ConversationVersion = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid conversationId, CancellationToken _) =>
            db.Set<Conversation>().Where(c => c.Id == conversationId).Select(c => (long?)c.Version).FirstOrDefault()));

    /// <summary>Reactions of the messages, counted per (message, emoji), with how many are the viewer's and when the first came.</summary>
    public static readonly PerModel<Func<DbContext, Guid[], Guid, IAsyncEnumerable<ReactionCount>>> Reactions = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid[] messageIds, Guid viewerId) =>
            db.Set<MessageReaction>()
                .Where(r => messageIds.Contains(r.MessageId))
                .GroupBy(r => new { r.MessageId, r.Emoji })
                .Select(g => new ReactionCount(g.Key.MessageId, g.Key.Emoji, g.Count(), g.Count(r => r.UserId == viewerId), g.Min(r => r.CreatedAt)))));

    /// <summary>Every reaction of one message (who, which emoji, when).</summary>
    public static readonly PerModel<Func<DbContext, Guid, IAsyncEnumerable<ReactionRow>>> ReactionsOfOne = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid messageId) =>
            db.Set<MessageReaction>().Where(r => r.MessageId == messageId).Select(r => new ReactionRow(r.UserId, r.Emoji, r.CreatedAt))));

    /// <summary>Who the messages mention.</summary>
    public static readonly PerModel<Func<DbContext, Guid[], IAsyncEnumerable<MentionRow>>> Mentions = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid[] messageIds) =>
            db.Set<MessageMention>().Where(m => messageIds.Contains(m.MessageId)).Select(m => new MentionRow(m.MessageId, m.UserId))));

    /// <summary>The attachments sent in the messages (the columns of rest.md "Attachment", not the stored file's).</summary>
    public static readonly PerModel<Func<DbContext, Guid[], IAsyncEnumerable<AttachmentRow>>> Attachments = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid[] messageIds) =>
            db.Set<Attachment>()
                .Where(a => a.MessageId != null && messageIds.Contains(a.MessageId.Value))
                .Select(a => new AttachmentRow(
                    a.MessageId!.Value, a.Id, a.FileName, a.ContentType, a.Size, a.Width, a.Height, a.CreatedAt,
                    EF.Property<byte[]?>(a, SealedAttachmentColumns.FileKey), EF.Property<byte[]?>(a, SealedAttachmentColumns.FileName)))));

    /// <summary>The markers of the other participant in those of the conversations that are direct.</summary>
    public static readonly PerModel<Func<DbContext, Guid[], Guid, IAsyncEnumerable<DirectReadState>>> DirectStates = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid[] conversationIds, Guid viewerId) =>
            from p in db.Set<ConversationParticipant>()
            join c in db.Set<Conversation>() on p.ConversationId equals c.Id
            where conversationIds.Contains(p.ConversationId) && c.Kind == ConversationKind.Direct && p.UserId != viewerId
            select new DirectReadState(p.ConversationId, p.LastReadSeq, p.LastDeliveredSeq)));

    /// <summary>A compiled query per EF model; the model the last call used is answered without a lookup.</summary>
    internal sealed class PerModel<TQuery>(Func<TQuery> compile)
        where TQuery : class
    {
        private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];
        private volatile Compiled? _last;

        public TQuery For(DbContext db)
        {
            var model = db.Model;
            var last = _last;
            if (last is not null && ReferenceEquals(last.Model, model))
            {
                return last.Query;
            }

            var query = _byModel.GetValue(model, _ => compile());
            _last = new Compiled(model, query);
            return query;
        }

        private sealed record Compiled(IModel Model, TQuery Query);
    }

    internal sealed record ReactionCount(Guid MessageId, string Emoji, int Count, int Mine, DateTime First);

    internal sealed record ReactionRow(Guid UserId, string Emoji, DateTime CreatedAt);

    internal sealed record MentionRow(Guid MessageId, Guid UserId);

    /// <summary>An attachment of a page; <c>FileKey</c> and <c>SealedFileName</c> set when its name is sealed (encryption at rest).</summary>
    internal sealed record AttachmentRow(
        Guid MessageId, Guid Id, string FileName, string ContentType, long Size, int? Width, int? Height, DateTime CreatedAt, byte[]? FileKey, byte[]? SealedFileName);
}
