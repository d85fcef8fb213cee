using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Chat.Infrastructure.Search;

/// <summary>
/// SQLite: the FTS5 table <c>MessageSearch</c> (external content over <c>MessageSearchEntries.Terms</c>, kept in step by
/// triggers, <c>ascii</c> tokenizer since the terms are folded and space-separated already). Every word becomes an FTS5
/// string literal (<c>"word"</c>, the last <c>"word"*</c>), so quotes, <c>OR</c>, <c>NEAR</c>, <c>*</c> and <c>:</c>
/// typed by a user are never query syntax. Hits come in descending rowid, which FTS5 walks without sorting.
/// </summary>
public sealed class SqliteMessageSearch(ChatDbContext db) : IMessageSearch
{
    public async Task<IReadOnlyList<MessageSearchHit>> FindAsync(
        Guid userId, Guid? conversationId, IReadOnlyList<string> words, long? beforeEntryId, int take, CancellationToken cancellationToken) =>
        await SearchPageQuery.RunAsync(db, """
            SELECT e."Id" AS "EntryId", e."MessageId" AS "MessageId"
            FROM "MessageSearch" AS s
            JOIN "MessageSearchEntries" AS e ON e."Id" = s.rowid
            WHERE "MessageSearch" MATCH {0}
            """, [MatchExpression(words)], "s.rowid", userId, conversationId, beforeEntryId, take, cancellationToken);

    /// <summary>Each folded word as an FTS5 string (double quotes doubled); the last as a prefix query; all AND-ed.</summary>
    internal static string MatchExpression(IReadOnlyList<string> words) =>
        string.Join(' ', words.Select((w, i) => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (i == words.Count - 1 ? "*" : string.Empty)));
}
