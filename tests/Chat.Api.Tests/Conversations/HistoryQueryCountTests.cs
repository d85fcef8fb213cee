using System.Net.Http.Json;
using System.Text.Json;
using Chat.Api.Tests.Attachments;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;

namespace Chat.Api.Tests.Conversations;

/// <summary>
/// A page of history or changes costs a fixed number of SQL commands whatever it holds: 50 messages with reactions,
/// mentions, replies and attachments take as many as 5 plain ones (no query per message) but for the mentions' read,
/// which a page without an <c>@</c> in any text skips, and no more than the page's
/// own reads (access, rows, the nearest seq past a cursor, reactions, mentions, attachments, the other participant's
/// markers, the reader's delivery marker), all on one open connection.
/// </summary>
public sealed class HistoryQueryCountTests
{
    /// <summary>
    /// Access, rows, nearest seq past the cursor, reactions, mentions, attachments, direct markers, own marker: 8 on
    /// PostgreSQL; SQLite was measured at one more command per page (as much for 5 messages as for 50).
    /// </summary>
    private const int MostCommandsPerPage = 9;

    [Fact]
    public Task A_page_of_fifty_rich_messages_costs_as_many_commands_as_five_plain_ones_on_sqlite() => CountAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task A_page_of_fifty_rich_messages_costs_as_many_commands_as_five_plain_ones_on_postgres() => CountAsync(DatabaseProvider.Postgres);

    private static async Task CountAsync(DatabaseProvider provider)
    {
        await using var factory = await ConversationApiFactory.CreateAsync(provider);
        var (alice, bob) = await factory.FriendsAsync(2, "pagecount") switch { var u => (u[0], u[1]) };
        var direct = (await alice.StartDirectAsync(bob)).Id();

        // Seqs 1–5: plain, from both (so both pages read the other participant's markers for the reader's own messages). Seqs 6–55: every one a reply to the one before, every other one mentions bob and carries a
        // reaction from each side, every fifth one an attachment.
        for (var i = 1; i <= 5; i++)
        {
            await (i % 2 == 0 ? bob : alice).SendAsync(direct, $"plain {i}");
        }

        Guid? previous = null;
        for (var i = 0; i < 50; i++)
        {
            var sender = i % 2 == 0 ? alice : bob;
            JsonElement sent;
            if (i % 5 == 0)
            {
                var file = await sender.UploadAsync(AttachmentApi.Text($"file {i}"), $"file{i}.txt");
                var response = await sender.SendWithAttachmentsAsync(direct, $"with a file {i}", file.Id());
                response.EnsureSuccessStatusCode();
                sent = await response.ReadJsonAsync();
            }
            else
            {
                sent = await sender.SendAsync(direct, i % 2 == 0 ? $"hey @{bob.Username} {i}" : $"reply {i}", replyToId: previous);
            }

            if (i % 2 == 0)
            {
                (await alice.Client.PostAsJsonAsync($"/api/v1/messages/{sent.Id()}/reactions", new { emoji = "👍" })).EnsureSuccessStatusCode();
                (await bob.Client.PostAsJsonAsync($"/api/v1/messages/{sent.Id()}/reactions", new { emoji = "🎉" })).EnsureSuccessStatusCode();
            }

            previous = sent.Id();
        }

        var history = $"/api/v1/conversations/{direct}/messages";
        var rich = await CommandsOfAsync(factory, bob, $"{history}?limit=50&before=56");
        rich.Page.GetProperty("items").GetArrayLength().Should().Be(50);
        var items = rich.Page.GetProperty("items").EnumerateArray().ToList();
        items.Count(m => m.GetProperty("reactions").GetArrayLength() == 2).Should().Be(25);
        items.Count(m => m.GetProperty("attachments").GetArrayLength() == 1).Should().Be(10);
        items.Count(m => m.GetProperty("mentions").GetArrayLength() == 1).Should().BeGreaterThan(0);
        items.Count(m => m.GetProperty("replyToId").ValueKind == JsonValueKind.String).Should().Be(40);
        items.Where(m => m.GetProperty("sender").Id() == bob.Id).Should().OnlyContain(m => m.GetProperty("status").ValueKind == JsonValueKind.String);

        var plain = await CommandsOfAsync(factory, bob, $"{history}?limit=5&before=6");
        plain.Page.GetProperty("items").GetArrayLength().Should().Be(5);

        var mentionReads = rich.Sql.Where(ReadsMentions).ToList();
        mentionReads.Should().ContainSingle("the rich page's mentions are read in one command");
        plain.Sql.Should().NotContain(sql => ReadsMentions(sql), "no text of the plain page has an '@', so none of its messages can mention anyone (MessageReader.MayMention)");
        rich.Count.Should().Be(plain.Count + 1, "a page costs the same number of commands whatever its messages carry, but for the mentions' read:\n{0}\n---\n{1}", string.Join("\n", rich.Sql), string.Join("\n", plain.Sql));
        rich.Sql.Where(sql => !ReadsMentions(sql)).Should().BeEquivalentTo(
            plain.Sql,
            "a list of ids is one parameter (DatabaseSetup: ParameterTranslationMode.Parameter), so a page's SQL is the same whatever its size and EF "
            + "builds it once; EF 10's default, a parameter per element, makes new SQL for each length, built again on every execution");
        rich.Count.Should().BeLessThanOrEqualTo(MostCommandsPerPage);
        rich.Opens.Should().Be(1, "a page's commands share one open connection (SharedConnectionBehaviour)");

        foreach (var url in new[] { $"{history}?limit=50", $"{history}?limit=50&after=3", $"{history}?limit=50&around=30", $"/api/v1/conversations/{direct}/changes?since=0&limit=50" })
        {
            var read = await CommandsOfAsync(factory, bob, url);
            read.Page.GetProperty("items").GetArrayLength().Should().BeGreaterThan(0);
            read.Count.Should().BeLessThanOrEqualTo(MostCommandsPerPage + 1, $"{url} reads one page (around: two row ranges)");
            read.Opens.Should().Be(1, $"{url}: one open connection for the whole page");
        }
    }

    private static bool ReadsMentions(string sql) => sql.Contains("FROM \"MessageMentions\"", StringComparison.Ordinal);

    /// <summary>
    /// Reads <paramref name="url"/> once so the reader's delivery marker has moved, then twice with the SQL recorded:
    /// the count is the page's own reads, without the marker's write or what the sends left running
    /// (<see cref="SqlCommandCounter.RecordFewerOfTwoAsync{T}"/>: the read with fewer commands counts).
    /// </summary>
    private static async Task<(JsonElement Page, int Count, int Opens, IReadOnlyList<string> Sql)> CommandsOfAsync(ConversationApiFactory factory, TestUser reader, string url)
    {
        await reader.GetJsonAsync(url);
        var (page, commands, opens) = await factory.Sql.RecordFewerOfTwoAsync(() => reader.GetJsonAsync(url), TimeSpan.FromMilliseconds(300));
        return (page, commands.Count, opens, [.. commands.Select(c => c.Sql)]);
    }
}
