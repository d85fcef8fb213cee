using System.Text;
using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Chat.Infrastructure.Search;

/// <summary>
/// PostgreSQL: the stored <c>tsvector</c> column <c>"SearchVector"</c> (<c>to_tsvector('simple', "Terms")</c>: no stemming,
/// no stop words — the words are folded in .NET already) with a GIN index. The query is a <c>tsquery</c> text of quoted
/// lexemes (<c>'word' &amp; 'last':*</c>, quotes and backslashes escaped) passed as a parameter, so user input never
/// becomes tsquery operators.
/// </summary>
/// <remarks>
/// <para>
/// One plan cannot serve both kinds of word: a common word is found at once by walking the caller's entries newest first
/// and checking each row, but that walk reads the whole table for a rare word; the GIN index finds a rare word's few rows
/// at once but must visit every row of a common word (two thirds of the table for the commonest) before it can sort
/// them. PostgreSQL chooses between the two from its estimate of the word's frequency, and a wrong estimate cost seconds
/// (docs/attachments-and-search.md "PostgreSQL's plan"). So the choice is not left to the estimate; each search runs
/// at most three bounded steps:
/// </para>
/// <list type="number">
/// <item><b>Recent window</b>: the newest <see cref="DefaultWindow"/> entries the caller can read (below the cursor) are
/// walked newest first and checked against the stored vector; the walk stops at the page's last hit. A word in at least
/// one of about <c>window / take</c> recent entries ends here.</item>
/// <item><b>A second walk</b>, when the window was full but held too few hits: if the hits found so far say the rest of
/// the page lies within twice the expected distance and that is at most <see cref="MaxExtension"/> windows, the walk
/// goes on that far from where it stopped.</item>
/// <item><b>Older entries through the GIN index</b> otherwise, or when the second walk still fell short: the word is
/// rare, and the index's matches older than the walk are gathered first (a <c>MATERIALIZED</c> CTE, so the planner cannot
/// turn it back into a walk), sorted, and the page completed.</item>
/// </list>
/// <para>The hits are the same as one query's over all entries: the window's, then the older ones, newest first.</para>
/// </remarks>
public sealed class PostgresMessageSearch : IMessageSearch
{
    /// <summary>
    /// Entries the first step checks at most (<see cref="PostgresMessageSearch"/>). Larger sends fewer words to the GIN
    /// step, which then has fewer rows to visit; smaller makes the walk cheaper. Measured at 1,000,000 messages
    /// (docs/attachments-and-search.md "Benchmarks").
    /// </summary>
    public const int DefaultWindow = 2_000;

    /// <summary>The second walk is at most this many windows (<see cref="DefaultWindow"/>) long.</summary>
    private const int MaxExtension = 4;

    private readonly ChatDbContext _db;
    private readonly int _window;

    public PostgresMessageSearch(ChatDbContext db)
        : this(db, DefaultWindow)
    {
    }

    /// <param name="db">The context the queries run on.</param>
    /// <param name="window">Entries the first step checks at most; tests make it small to reach the second step.</param>
    internal PostgresMessageSearch(ChatDbContext db, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _db = db;
        _window = window;
    }

    public async Task<IReadOnlyList<MessageSearchHit>> FindAsync(
        Guid userId, Guid? conversationId, IReadOnlyList<string> words, bool lastAsPrefix, long? beforeEntryId, int take, CancellationToken cancellationToken)
    {
        var query = QueryText(words, lastAsPrefix);
        var hits = new List<MessageSearchHit>();
        var below = beforeEntryId;
        var window = _window;
        var walked = 0L;
        for (var walk = 0; walk < 2; walk++)
        {
            var (windowSql, windowParameters) = RecentWindow(query, userId, conversationId, below, take - hits.Count, window);
            var rows = await _db.Database.SqlQueryRaw<WindowRow>(windowSql, windowParameters).ToListAsync(cancellationToken);
            hits.AddRange(rows.Where(r => r.Hit).Select(r => new MessageSearchHit(r.EntryId, r.MessageId)).Take(take - hits.Count));
            var windowEnd = rows.FirstOrDefault(r => r.Row == window);
            if (hits.Count == take || windowEnd is null)
            {
                // A full page, or the walk reached the caller's oldest entry: nothing older is left to look at.
                return hits;
            }

            below = windowEnd.EntryId;
            walked += window;

            // Walk on only if the hits so far say the page will probably fill within a bounded walk (twice the expected
            // length): a word in 0.3 % of the entries, too many to visit through the index, still ends by walking.
            var expected = hits.Count == 0 ? long.MaxValue : 2 * (take - hits.Count) * walked / hits.Count;
            if (expected > (long)_window * MaxExtension)
            {
                break;
            }

            window = (int)Math.Max(expected, 1);
        }

        var (olderSql, olderParameters) = OlderMatches(query, userId, conversationId, below!.Value, take - hits.Count);
        hits.AddRange(await _db.Database.SqlQueryRaw<MessageSearchHit>(olderSql, olderParameters).ToListAsync(cancellationToken));
        return hits;
    }

    /// <summary>
    /// A walk: the newest <paramref name="window"/> readable entries, each numbered (<c>"Row"</c>, 1 = newest) and checked
    /// (<c>"Hit"</c>); returned are the hits and the window's last row (<c>"Row" = window</c>, present only when the window
    /// was full), at most <paramref name="take"/> rows, so the walk stops as soon as the page is full.
    /// </summary>
    internal static (string Sql, object[] Parameters) RecentWindow(
        string query, Guid userId, Guid? conversationId, long? beforeEntryId, int take, int window)
    {
        var parameters = new List<object> { query };
        var sql = new StringBuilder("""
            SELECT w."Id" AS "EntryId", w."MessageId" AS "MessageId", w."Hit" AS "Hit", w."Row" AS "Row"
            FROM (
                SELECT e."Id", e."MessageId", e."SearchVector" @@ to_tsquery('simple', {0}) AS "Hit",
                       row_number() OVER (ORDER BY e."Id" DESC) AS "Row"
                FROM "MessageSearchEntries" AS e
                WHERE
            """);
        AppendAccess(sql, parameters, userId, conversationId, beforeEntryId);
        sql.Append(" ORDER BY e.\"Id\" DESC LIMIT {").Append(parameters.Count).Append('}');
        parameters.Add(window);
        sql.Append(") AS w WHERE w.\"Hit\" OR w.\"Row\" = {").Append(parameters.Count).Append('}');
        parameters.Add(window);
        sql.Append(" ORDER BY w.\"Id\" DESC LIMIT {").Append(parameters.Count).Append('}');
        parameters.Add(take);
        return (sql.ToString(), [.. parameters]);
    }

    /// <summary>
    /// The GIN step: every readable match below <paramref name="belowEntryId"/> (the window's oldest entry) from the GIN index,
    /// gathered before sorting (<c>MATERIALIZED</c>), the newest <paramref name="take"/> of them.
    /// </summary>
    internal static (string Sql, object[] Parameters) OlderMatches(string query, Guid userId, Guid? conversationId, long belowEntryId, int take)
    {
        var parameters = new List<object> { query };
        var sql = new StringBuilder("""
            WITH m AS MATERIALIZED (
                SELECT e."Id", e."MessageId"
                FROM "MessageSearchEntries" AS e
                WHERE e."SearchVector" @@ to_tsquery('simple', {0}) AND
            """);
        AppendAccess(sql, parameters, userId, conversationId, belowEntryId);
        sql.Append(") SELECT m.\"Id\" AS \"EntryId\", m.\"MessageId\" AS \"MessageId\" FROM m ORDER BY m.\"Id\" DESC LIMIT {").Append(parameters.Count).Append('}');
        parameters.Add(take);
        return (sql.ToString(), [.. parameters]);
    }

    /// <summary>Quoted lexemes joined by <c>&amp;</c>; the last with <c>:*</c> (prefix) if <paramref name="lastAsPrefix"/>.</summary>
    internal static string QueryText(IReadOnlyList<string> words, bool lastAsPrefix = true) =>
        string.Join(" & ", words.Select((w, i) =>
            "'" + w.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'" + (lastAsPrefix && i == words.Count - 1 ? ":*" : string.Empty)));

    // Conversations the caller takes part in now (or one of them), below the cursor.
    private static void AppendAccess(StringBuilder sql, List<object> parameters, Guid userId, Guid? conversationId, long? belowEntryId)
    {
        sql.Append(" e.\"ConversationId\" IN (").Append(SearchPageQuery.ReadableConversations(parameters.Count)).Append(')');
        parameters.Add(userId);
        if (conversationId is { } id)
        {
            sql.Append(" AND e.\"ConversationId\" = {").Append(parameters.Count).Append('}');
            parameters.Add(id);
        }

        if (belowEntryId is { } below)
        {
            sql.Append(" AND e.\"Id\" < {").Append(parameters.Count).Append('}');
            parameters.Add(below);
        }
    }

    /// <summary>A row of a walk: an entry of the window, a hit or (<see cref="Row"/> = window) the window's last.</summary>
    internal sealed record WindowRow(long EntryId, Guid MessageId, bool Hit, long Row);
}
