using System.Text;
using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.Persistence;

namespace Chat.Infrastructure.Search;

/// <summary>
/// SQL Server: no full-text index (SQL Server's full-text search needs a catalog and the Full-Text feature installed,
/// which the migrations cannot assume). Each folded word is a <c>LIKE</c> over the folded terms padded with spaces —
/// <c>' ' + Terms + ' ' LIKE '% word %'</c>, the last word <c>'% word%'</c> (prefix) — with <c>%</c>, <c>_</c>,
/// <c>[</c> and the escape character escaped, each pattern a parameter. Limit (docs/attachments-and-search.md): this
/// scans the caller's conversations' entries (the <c>(ConversationId, Id)</c> index narrows it), so it suits thousands
/// to a few hundred thousand messages per user, not millions.
/// </summary>
public sealed class SqlServerMessageSearch(ChatDbContext db) : IMessageSearch
{
    public async Task<IReadOnlyList<MessageSearchHit>> FindAsync(
        Guid userId, Guid? conversationId, IReadOnlyList<string> words, bool lastAsPrefix, long? beforeEntryId, int take, CancellationToken cancellationToken) =>
        await SearchPageQuery.RunAsync(db, MatchSql(words.Count), Patterns(words, lastAsPrefix), "e.\"Id\"", userId, conversationId, beforeEntryId, take, cancellationToken);

    /// <summary>The select with one <c>LIKE</c> per word, parameters <c>{0}</c>…<c>{n-1}</c>.</summary>
    internal static string MatchSql(int wordCount)
    {
        var sql = new StringBuilder("""SELECT e."Id" AS "EntryId", e."MessageId" AS "MessageId" FROM "MessageSearchEntries" AS e WHERE 1 = 1""");
        for (var i = 0; i < wordCount; i++)
        {
            sql.Append(" AND (N' ' + e.\"Terms\" + N' ') LIKE {").Append(i).Append("} ESCAPE N'\\'");
        }

        return sql.ToString();
    }

    /// <summary><c>% word %</c> per word, the last <c>% word%</c> if <paramref name="lastAsPrefix"/>; LIKE's wildcards and the escape character escaped.</summary>
    internal static object[] Patterns(IReadOnlyList<string> words, bool lastAsPrefix = true) =>
        words.Select((w, i) => (object)("% " + Escape(w) + (lastAsPrefix && i == words.Count - 1 ? "%" : " %"))).ToArray();

    private static string Escape(string word) =>
        word.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal)
            .Replace("[", "\\[", StringComparison.Ordinal);
}
