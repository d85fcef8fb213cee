using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Chat.Api.Tests.Conversations;

/// <summary>
/// A conversation of 100,000 messages: paging back through <c>before</c> reaches the first message with no gap or
/// repeat, and every read of history, changes, threads, unread counts and the conversation list is an index range
/// (checked through the database's own query plans).
/// </summary>
public sealed class LargeHistoryTests(ITestOutputHelper output)
{
    private const int Count = 100_000;

    [Fact]
    public Task Paging_back_through_a_hundred_thousand_messages_reaches_the_first_without_gap_or_repeat_on_sqlite() => PageBackAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Paging_back_through_a_hundred_thousand_messages_reaches_the_first_without_gap_or_repeat_on_postgres() => PageBackAsync(DatabaseProvider.Postgres);

    private async Task PageBackAsync(DatabaseProvider provider)
    {
        await using var factory = await ConversationApiFactory.CreateAsync(provider);
        var (alice, bob) = await factory.FriendsAsync(2) switch { var u => (u[0], u[1]) };
        var direct = await alice.StartDirectAsync(bob);
        await MessageSeeder.SeedAsync(factory.Database, direct.Id(), alice.Id, Count);
        if (provider == DatabaseProvider.Postgres)
        {
            await AnalyzeAsync(factory.Database);
        }

        var seen = new List<long>(Count);
        var page = await bob.HistoryAsync(direct.Id(), "?limit=100");
        seen.AddRange(page.Seqs().Reverse());
        while (page.GetProperty("hasMoreBefore").GetBoolean())
        {
            page = await bob.HistoryAsync(direct.Id(), $"?limit=100&before={page.Seqs().First()}");
            seen.AddRange(page.Seqs().Reverse());
        }

        seen.Should().HaveCount(Count);
        seen.Should().Equal(Enumerable.Range(1, Count).Reverse().Select(i => (long)i));

        await EveryReadIsAnIndexRangeAsync(factory, provider, alice, bob, direct.Id());
    }

    private async Task EveryReadIsAnIndexRangeAsync(ConversationApiFactory factory, DatabaseProvider provider, TestUser alice, TestUser bob, Guid conversationId)
    {
        var root = await alice.SendAsync(conversationId, "a thread");
        await bob.SendAsync(conversationId, "in it", replyToId: root.Id());

        factory.Sql.Reset();
        factory.Sql.Recording = true;
        string[] reads =
        [
            $"/api/v1/conversations/{conversationId}/messages?limit=100",
            $"/api/v1/conversations/{conversationId}/messages?limit=100&before=50000",
            $"/api/v1/conversations/{conversationId}/messages?limit=100&after=50000",
            $"/api/v1/conversations/{conversationId}/messages?limit=100&around=50000",
            $"/api/v1/conversations/{conversationId}/messages?limit=100&before=50000&includeDeleted=true",
            $"/api/v1/conversations/{conversationId}/changes?since=99990",
            $"/api/v1/messages/{root.Id()}/thread",
            $"/api/v1/conversations/{conversationId}",
            "/api/v1/conversations",
            "/api/v1/unread",
        ];
        foreach (var url in reads)
        {
            await bob.GetJsonAsync(url);
        }

        factory.Sql.Recording = false;

        var selects = factory.Sql.Commands.Where(c => c.Sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)).ToList();
        selects.Should().NotBeEmpty();
        foreach (var command in selects)
        {
            var plan = await QueryPlans.ExplainAsync(provider, factory.Database.ConnectionString, command);
            output.WriteLine(command.Sql);
            output.WriteLine("  -> " + string.Join(Environment.NewLine + "  -> ", plan));
            QueryPlans.FullReads(provider, command, plan, LargeTables(provider)).Should().BeEmpty($"every read should be an index range:{Environment.NewLine}{command.Sql}{Environment.NewLine}{string.Join(Environment.NewLine, plan)}");
        }
    }

    /// <summary>
    /// The tables that grow with the number of messages. PostgreSQL plans by statistics and rightly scans a table of a
    /// few rows, so only the one that holds 100,000 rows here is checked there; SQLite (no statistics, as the server
    /// runs it) must search every one of them by index.
    /// </summary>
    private static string[] LargeTables(DatabaseProvider provider) => provider == DatabaseProvider.Postgres
        ? ["Messages"]
        : ["Messages", "MessageReactions", "MessageMentions", "ConversationParticipants"];

    /// <summary>PostgreSQL plans by statistics: give it the ones a long-lived database would have.</summary>
    private static async Task AnalyzeAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
    }
}
