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
    /// <c>SELECT e."Id" AS "EntryId", e."MessageId" AS "MessageId" FROM … WHERE &lt;match&gt;</c> with the match text as
    /// parameter <c>{0}</c>; <c>e</c> is <c>MessageSearchEntries</c>.
    /// </param>
    /// <param name="matchText">The provider's escaped query text (never raw user input).</param>
    /// <param name="idColumn">The entry id as the provider's index walks it (FTS5's <c>rowid</c>, or <c>e."Id"</c>).</param>
    public static Task<List<MessageSearchHit>> RunAsync(
        ChatDbContext db, string matchSql, string matchText, string idColumn,
        Guid userId, Guid? conversationId, long? beforeEntryId, int take, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder(matchSql)
            .Append(" AND e.\"ConversationId\" IN (SELECT p.\"ConversationId\" FROM \"ConversationParticipants\" AS p WHERE p.\"UserId\" = {1})");
        var parameters = new List<object> { matchText, userId };
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

        sql.Append(" ORDER BY ").Append(idColumn).Append(" DESC LIMIT {").Append(parameters.Count).Append('}');
        parameters.Add(take);
        return db.Database.SqlQueryRaw<MessageSearchHit>(sql.ToString(), [.. parameters]).ToListAsync(cancellationToken);
    }
}
