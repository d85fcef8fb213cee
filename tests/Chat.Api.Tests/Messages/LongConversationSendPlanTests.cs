using System.Net;
using System.Text.RegularExpressions;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Chat.Api.Tests.Messages;

/// <summary>
/// A send's cost must not grow with the conversation's history. In a group of 100,000 messages, concurrent sends with
/// client ids (one batch of the send writer), a retried client id and a reply are recorded, and no command may read the
/// conversation's messages by the conversation alone: such a read walks the whole history (the client-id lookup once
/// did, and a bench of 32 direct conversations halved its rate as they grew). Checked with the database's own plans.
/// </summary>
public sealed partial class LongConversationSendPlanTests(ITestOutputHelper output)
{
    private const int Count = 100_000;

    [Fact]
    public Task Sending_into_a_long_conversation_reads_no_range_of_its_history_on_sqlite() => SendAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Sending_into_a_long_conversation_reads_no_range_of_its_history_on_postgres() => SendAsync(DatabaseProvider.Postgres);

    private async Task SendAsync(DatabaseProvider provider)
    {
        await using var factory = await ConversationApiFactory.CreateAsync(provider);
        var users = await factory.FriendsAsync(3);
        var group = (await users[0].StartGroupAsync("long", users[1], users[2])).Id();
        await MessageSeeder.SeedAsync(factory.Database, group, users[0].Id, Count);
        await users[0].SendAsync(group, "first", clientMessageId: "first");
        if (provider == DatabaseProvider.Postgres)
        {
            await using var db = factory.Database.CreateContext();
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }

        factory.Sql.Reset();
        factory.Sql.Recording = true;
        var sends = users.SelectMany(user => Enumerable.Range(0, 4).Select(i => user.SendAsync(group, $"{user.Id} {i}", clientMessageId: $"c-{i}")));
        await Task.WhenAll(sends);
        var retry = await users[0].PostMessageAsync(group, "first", clientMessageId: "first");
        retry.StatusCode.Should().Be(HttpStatusCode.OK, "a retried client id answers with the first message");
        var retried = await retry.ReadJsonAsync();
        await users[1].SendAsync(group, "a reply", clientMessageId: "reply", replyToId: retried.Id());
        factory.Sql.Recording = false;

        var reads = factory.Sql.Commands.Where(c => c.Sql.Contains("\"Messages\"", StringComparison.Ordinal)).ToList();
        reads.Should().Contain(c => c.Sql.Contains("\"ClientMessageId\"", StringComparison.Ordinal), "the client-id lookup is among the recorded commands");
        foreach (var command in reads.Where(c => c.Sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)))
        {
            var plan = await QueryPlans.ExplainAsync(provider, factory.Database.ConnectionString, command);
            output.WriteLine(command.Sql);
            output.WriteLine("  -> " + string.Join(Environment.NewLine + "  -> ", plan));
            HistoryWalks(provider, command, plan).Should().BeEmpty(
                $"a send reads messages by more than their conversation:{Environment.NewLine}{command.Sql}{Environment.NewLine}{string.Join(Environment.NewLine, plan)}");
        }
    }

    /// <summary>
    /// The plan lines that read Messages by its conversation alone (or not by index at all). SQLite: a SCAN, or a
    /// SEARCH whose index condition is <c>ConversationId=?</c> only. PostgreSQL: a sequential scan, or an index
    /// condition on one of the Messages indexes that fixes none of its leading columns but <c>ConversationId</c>.
    /// </summary>
    private static List<string> HistoryWalks(DatabaseProvider provider, RecordedCommand command, IReadOnlyList<string> plan)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            return QueryPlans.SqliteReads(command, plan, "Messages")
                .Where(read => read.Operation == "SCAN" || read.Condition == "(ConversationId=?)")
                .Select(read => read.Line)
                .ToList();
        }

        var walks = new List<string>();
        for (var i = 0; i < plan.Count; i++)
        {
            if (plan[i].Contains("Seq Scan on \"Messages\"", StringComparison.Ordinal))
            {
                walks.Add(plan[i]);
            }
            else if (MessagesIndex().Match(plan[i]) is { Success: true } index && i + 1 < plan.Count && plan[i + 1].StartsWith("Index Cond:", StringComparison.Ordinal))
            {
                // A b-tree range is as narrow as the leading index columns it fixes: ConversationId alone spans the history.
                var constrained = QuotedName().Matches(plan[i + 1]).Select(m => m.Groups[1].Value).ToHashSet();
                var prefix = index.Groups[1].Value.Split('_').TakeWhile(constrained.Contains).ToList();
                if (prefix is ["ConversationId"])
                {
                    walks.Add($"{plan[i]} / {plan[i + 1]}");
                }
            }
        }

        return walks;
    }

    [GeneratedRegex("\"(\\w+)\"")]
    private static partial Regex QuotedName();

    [GeneratedRegex("\"IX_Messages_(\\w+)\"")]
    private static partial Regex MessagesIndex();
}
