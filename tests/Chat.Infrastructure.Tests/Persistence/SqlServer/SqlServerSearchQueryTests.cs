using System.Text.RegularExpressions;
using Chat.Infrastructure.Search;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Chat.Infrastructure.Tests.Persistence.SqlServer;

/// <summary>
/// SQL Server message search without a server: the query <see cref="SqlServerMessageSearch"/> sends (with and without
/// a conversation and a cursor) parses as T-SQL with zero errors and pages with OFFSET/FETCH (no LIMIT), and user input
/// reaches it only as escaped LIKE patterns in parameters. The live API search suite runs it where CHAT_TEST_SQLSERVER is set.
/// </summary>
public sealed partial class SqlServerSearchQueryTests
{
    [Theory]
    [InlineData(1, false, false)]
    [InlineData(2, true, false)]
    [InlineData(3, true, true)]
    public void The_search_query_parses_as_T_SQL_and_pages_with_fetch_next(int words, bool inConversation, bool withCursor)
    {
        var (sql, parameters) = SearchPageQuery.Build(
            SqlServerMessageSearch.MatchSql(words), SqlServerMessageSearch.Patterns(Enumerable.Range(0, words).Select(i => $"w{i}").ToList()), "e.\"Id\"",
            Guid.NewGuid(), inConversation ? Guid.NewGuid() : null, withCursor ? 42L : null, 20, fetchNext: true);

        // EF turns {n} into parameters; ScriptDom sees them as @pn.
        var script = Placeholder().Replace(sql, m => "@p" + m.Groups[1].Value);
        var parsed = SqlServerOffline.Parse(script, out var errors);

        errors.Should().BeEmpty(script);
        parsed.Batches.Should().ContainSingle().Which.Statements.Should().ContainSingle().Which.Should().BeOfType<SelectStatement>();
        script.Should().Contain("OFFSET 0 ROWS FETCH NEXT").And.NotContain("LIMIT");
        parameters.Should().HaveCount(words + 2 + (inConversation ? 1 : 0) + (withCursor ? 1 : 0));
    }

    [Fact]
    public void Words_become_escaped_like_patterns_the_last_one_a_prefix()
    {
        SqlServerMessageSearch.Patterns(["50%", "a_b", "[x]\\", "emi"])
            .Should().Equal("% 50\\% %", "% a\\_b %", "% \\[x]\\\\ %", "% emi%");
    }

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();
}
