using System.Text;
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
/// <remarks>
/// FTS5 answers a prefix longer than its prefix indexes (<c>prefix='2 3'</c>) by merging the whole doclist of every
/// term with that prefix before it yields the first row: for the commonest words (<c>kakalo*</c>, in 9 % of 1,000,000
/// messages) that took 80 ms. Such a word is found at once among the newest entries, so a search runs in two bounded
/// steps: first the newest <see cref="DefaultWindow"/> entries (below the cursor, of the one conversation if given) are
/// checked directly on their <c>Terms</c> (whole words by <c>instr</c> on space-padded text — the same tokens FTS5
/// sees); only when they hold fewer hits than the page needs does FTS5 search what is older than the window. The hits
/// are the same as one FTS5 query's, in the same order.
/// With encryption at rest the words are blind-index tokens, each a whole term (a prefix has its own token), 8× as many
/// per entry as plaintext terms: FTS5 looks whole terms up in its index without merging, and the first step would read
/// 8× the text, so such a search is one FTS5 query.
/// </remarks>
public sealed class SqliteMessageSearch : IMessageSearch
{
    /// <summary>Newest entries the first step checks (<see cref="SqliteMessageSearch"/>); measured at 1,000,000 messages.</summary>
    public const int DefaultWindow = 2_000;

    private readonly ChatDbContext _db;
    private readonly int _window;

    public SqliteMessageSearch(ChatDbContext db)
        : this(db, DefaultWindow)
    {
    }

    /// <param name="db">The context the queries run on.</param>
    /// <param name="window">Entries the first step checks; tests make it small so the FTS5 step answers too.</param>
    internal SqliteMessageSearch(ChatDbContext db, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _db = db;
        _window = window;
    }

    public async Task<IReadOnlyList<MessageSearchHit>> FindAsync(
        Guid userId, Guid? conversationId, IReadOnlyList<string> words, bool lastAsPrefix, long? beforeEntryId, int take, CancellationToken cancellationToken)
    {
        if (!lastAsPrefix)
        {
            return await MatchAsync(words, lastAsPrefix, userId, conversationId, beforeEntryId, take, cancellationToken);
        }

        var (windowSql, windowParameters) = RecentWindow(words, userId, conversationId, beforeEntryId, take, _window);
        var hits = await _db.Database.SqlQueryRaw<MessageSearchHit>(windowSql, windowParameters).ToListAsync(cancellationToken);
        if (hits.Count == take)
        {
            return hits;
        }

        // The window's oldest entry; none when the window held every entry there is (nothing older to search).
        var (endSql, endParameters) = WindowEnd(conversationId, beforeEntryId, _window);
        var windowEnd = (await _db.Database.SqlQueryRaw<long>(endSql, endParameters).ToListAsync(cancellationToken)).FirstOrDefault();
        if (windowEnd == 0)
        {
            return hits;
        }

        hits.AddRange(await MatchAsync(words, lastAsPrefix, userId, conversationId, windowEnd, take - hits.Count, cancellationToken));
        return hits;
    }

    /// <summary>One FTS5 query: the readable entries below <paramref name="beforeEntryId"/> that match, newest first.</summary>
    private Task<List<MessageSearchHit>> MatchAsync(
        IReadOnlyList<string> words, bool lastAsPrefix, Guid userId, Guid? conversationId, long? beforeEntryId, int take, CancellationToken cancellationToken) =>
        SearchPageQuery.RunAsync(_db, """
            SELECT e."Id" AS "EntryId", e."MessageId" AS "MessageId"
            FROM "MessageSearch" AS s
            JOIN "MessageSearchEntries" AS e ON e."Id" = s.rowid
            WHERE "MessageSearch" MATCH {0}
            """, [MatchExpression(words, lastAsPrefix)], "s.rowid", userId, conversationId, beforeEntryId, take, cancellationToken);

    /// <summary>Each folded word as an FTS5 string (double quotes doubled); the last as a prefix query if <paramref name="lastAsPrefix"/>; all AND-ed.</summary>
    internal static string MatchExpression(IReadOnlyList<string> words, bool lastAsPrefix = true) =>
        string.Join(' ', words.Select((w, i) => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (lastAsPrefix && i == words.Count - 1 ? "*" : string.Empty)));

    /// <summary>
    /// The first step: of the newest <paramref name="window"/> entries below the cursor (all conversations, or the one
    /// given), the readable ones whose terms hold every word (the last as a prefix), newest first, at most
    /// <paramref name="take"/>. Words are parameters matched by <c>instr</c>, never SQL or FTS5 syntax.
    /// </summary>
    internal static (string Sql, object[] Parameters) RecentWindow(
        IReadOnlyList<string> words, Guid userId, Guid? conversationId, long? beforeEntryId, int take, int window)
    {
        var parameters = new List<object>();
        var sql = new StringBuilder("""
            SELECT w."Id" AS "EntryId", w."MessageId" AS "MessageId"
            FROM (SELECT e."Id", e."MessageId", e."ConversationId", e."Terms" FROM "MessageSearchEntries" AS e WHERE 1 = 1
            """);
        AppendScope(sql, parameters, conversationId, beforeEntryId);
        sql.Append(" ORDER BY e.\"Id\" DESC LIMIT {").Append(parameters.Count).Append("}) AS w WHERE w.\"ConversationId\" IN (");
        parameters.Add(window);
        sql.Append(SearchPageQuery.ReadableConversations(parameters.Count)).Append(')');
        parameters.Add(userId);
        for (var i = 0; i < words.Count; i++)
        {
            // ' ' + terms + ' ' holds ' word ' for a whole word; ' ' + terms holds ' prefix' for a word starting with it.
            var last = i == words.Count - 1;
            sql.Append(last ? " AND instr(' ' || w.\"Terms\", {" : " AND instr(' ' || w.\"Terms\" || ' ', {").Append(parameters.Count).Append("}) > 0");
            parameters.Add(last ? " " + words[i] : " " + words[i] + " ");
        }

        sql.Append(" ORDER BY w.\"Id\" DESC LIMIT {").Append(parameters.Count).Append('}');
        parameters.Add(take);
        return (sql.ToString(), [.. parameters]);
    }

    /// <summary>The id of the window's oldest entry (the <paramref name="window"/>-th newest below the cursor), if there is one.</summary>
    internal static (string Sql, object[] Parameters) WindowEnd(Guid? conversationId, long? beforeEntryId, int window)
    {
        var parameters = new List<object>();
        var sql = new StringBuilder("""SELECT e."Id" AS "Value" FROM "MessageSearchEntries" AS e WHERE 1 = 1""");
        AppendScope(sql, parameters, conversationId, beforeEntryId);
        sql.Append(" ORDER BY e.\"Id\" DESC LIMIT 1 OFFSET {").Append(parameters.Count).Append('}');
        parameters.Add(window - 1);
        return (sql.ToString(), [.. parameters]);
    }

    // The entries a step walks: below the cursor, of the one conversation if given (its (ConversationId, Id) index).
    private static void AppendScope(StringBuilder sql, List<object> parameters, Guid? conversationId, long? beforeEntryId)
    {
        if (conversationId is { } id)
        {
            sql.Append(" AND e.\"ConversationId\" = {").Append(parameters.Count).Append('}');
            parameters.Add(id);
        }

        if (beforeEntryId is { } before)
        {
            sql.Append(" AND e.\"Id\" < {").Append(parameters.Count).Append('}');
            parameters.Add(before);
        }
    }
}
