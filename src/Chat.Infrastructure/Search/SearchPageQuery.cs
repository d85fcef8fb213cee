using System.Text;
using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Chat.Infrastructure.Search;

/// <summary>
/// The part of a message search both providers share: the caller's conversations (or one of them), the keyset cursor
/// on the entry id (newest first) and the page size. Each provider supplies only its match clause.
/// </summary>
internal static class SearchPageQuery
{
    /// <param name="db">The context the query runs on.</param>
    /// <param name="matchSql">
    /// <c>SELECT e."Id" AS "EntryId", e."MessageId" AS "MessageId" FROM … WHERE &lt;match&gt;</c> with the match values as
    /// parameters <c>{0}</c>…; <c>e</c> is <c>MessageSearchEntries</c>.
    /// </param>
    /// <param name="matchValues">The provider's escaped query values (never raw user input), in placeholder order.</param>
    /// <param name="idColumn">The entry id as the provider's index walks it (FTS5's <c>rowid</c>, or <c>e."Id"</c>).</param>
    public static Task<List<MessageSearchHit>> RunAsync(
        ChatDbContext db, string matchSql, IReadOnlyList<object> matchValues, string idColumn,
        Guid userId, Guid? conversationId, long? beforeEntryId, int take, CancellationToken cancellationToken)
    {
        var (sql, parameters) = Build(matchSql, matchValues, idColumn, userId, conversationId, beforeEntryId, take, fetchNext: db.Database.IsSqlServer());
        return db.Database.SqlQueryRaw<MessageSearchHit>(sql, parameters).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The conversations the user in parameter <c>{<paramref name="parameter"/>}</c> may read: direct and group
    /// conversations by participant row, channels by room membership (channel read rows are made lazily and grant
    /// nothing; docs/decisions/0012-no-per-member-work-per-message.md).
    /// </summary>
    internal static string ReadableConversations(int parameter) =>
        "SELECT p.\"ConversationId\" FROM \"ConversationParticipants\" AS p INNER JOIN \"Conversations\" AS pc ON pc.\"Id\" = p.\"ConversationId\""
        + " WHERE p.\"UserId\" = {" + parameter + "} AND pc.\"RoomId\" IS NULL"
        + " UNION ALL SELECT rc.\"Id\" FROM \"RoomMembers\" AS rm INNER JOIN \"Conversations\" AS rc ON rc.\"RoomId\" = rm.\"RoomId\""
        + " WHERE rm.\"UserId\" = {" + parameter + "}";

    /// <summary>
    /// The whole query with <c>{n}</c> placeholders and their values. <paramref name="fetchNext"/>: SQL Server has no
    /// <c>LIMIT</c>; the page ends with <c>OFFSET 0 ROWS FETCH NEXT n ROWS ONLY</c> there.
    /// </summary>
    internal static (string Sql, object[] Parameters) Build(
        string matchSql, IReadOnlyList<object> matchValues, string idColumn,
        Guid userId, Guid? conversationId, long? beforeEntryId, int take, bool fetchNext)
    {
        var parameters = new List<object>(matchValues);
        var sql = new StringBuilder(matchSql)
            .Append(" AND e.\"ConversationId\" IN (").Append(ReadableConversations(parameters.Count)).Append(')');
        parameters.Add(userId);
        if (conversationId is { } id)
        {
            sql.Append(" AND e.\"ConversationId\" = {").Append(parameters.Count).Append('}');
            parameters.Add(id);
        }

        if (beforeEntryId is { } before)
        {
            sql.Append(" AND ").Append(idColumn).Append(" < {").Append(parameters.Count).Append('}');
            parameters.Add(before);
        }

        sql.Append(" ORDER BY ").Append(idColumn).Append(fetchNext ? " DESC OFFSET 0 ROWS FETCH NEXT {" : " DESC LIMIT {").Append(parameters.Count).Append(fetchNext ? "} ROWS ONLY" : "}");
        parameters.Add(take);
        return (sql.ToString(), [.. parameters]);
    }
}
