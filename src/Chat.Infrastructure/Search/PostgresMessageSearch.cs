using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Chat.Infrastructure.Search;

/// <summary>
/// PostgreSQL: <c>to_tsvector('simple', "Terms")</c> with a GIN index over that expression (the <c>simple</c>
/// configuration: no stemming, no stop words — the words are folded in .NET already). The query is built as a
/// <c>tsquery</c> text of quoted lexemes (<c>'word' &amp; 'last':*</c>, quotes and backslashes escaped) and passed as a
/// parameter, so user input never becomes tsquery operators.
/// </summary>
public sealed class PostgresMessageSearch(ChatDbContext db) : IMessageSearch
{
    public async Task<IReadOnlyList<MessageSearchHit>> FindAsync(
        Guid userId, Guid? conversationId, IReadOnlyList<string> words, long? beforeEntryId, int take, CancellationToken cancellationToken) =>
        await SearchPageQuery.RunAsync(db, """
            SELECT e."Id" AS "EntryId", e."MessageId" AS "MessageId"
            FROM "MessageSearchEntries" AS e
            WHERE to_tsvector('simple', e."Terms") @@ to_tsquery('simple', {0})
            """, [QueryText(words)], "e.\"Id\"", userId, conversationId, beforeEntryId, take, cancellationToken);

    /// <summary>Quoted lexemes joined by <c>&amp;</c>; the last with <c>:*</c> (prefix).</summary>
    internal static string QueryText(IReadOnlyList<string> words) =>
        string.Join(" & ", words.Select((w, i) =>
            "'" + w.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'" + (i == words.Count - 1 ? ":*" : string.Empty)));
}
