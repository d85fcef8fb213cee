using Chat.Application.Common.Interfaces;
using Chat.Domain.Common;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Chat.Domain.Users;
using Chat.Infrastructure.Persistence;
using Chat.Infrastructure.Search;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Chat.Infrastructure.Tests.Search;

/// <summary>
/// Both stepwise searches — PostgreSQL's (<see cref="PostgresMessageSearch"/>: a bounded walk over the newest entries,
/// perhaps a second walk, then the GIN index for what is older) and SQLite's (<see cref="SqliteMessageSearch"/>: the
/// newest entries checked directly, then FTS5 for what is older) — must give exactly the answers of one plain query over
/// all entries, wherever the walks end:
/// every page is compared with the entries filtered and ordered in .NET, for windows from one entry (nearly everything
/// found by the GIN step) to more than the table (everything by the walk). The API's search scenarios
/// (tests/Chat.Api.Tests/Search) cover folding, escaping, access and edits with the production window.
/// </summary>
public sealed class StepwiseMessageSearchTests
{
    // "common" is in most messages, "rare" in a few, "pre…" words share a prefix; "mine" and "theirs" tell where a message is.
    private static readonly string[][] Words =
    [
        ["common", "alpha"], ["common", "beta", "prefix"], ["common"], ["alpha", "prefab"], ["common", "rare"],
        ["common", "gamma"], ["beta"], ["common", "alpha", "predict"], ["common"], ["common", "beta"], ["gamma", "rare", "prefix"],
    ];

    [PostgresFact]
    public Task Pages_from_the_window_and_from_the_gin_index_equal_one_query_over_all_entries_on_postgres() =>
        PagesEqualOneQueryOverAllEntriesAsync(DatabaseProvider.Postgres, (db, window) => new PostgresMessageSearch(db, window));

    [Fact]
    public Task Pages_from_the_window_and_from_fts5_equal_one_query_over_all_entries_on_sqlite() =>
        PagesEqualOneQueryOverAllEntriesAsync(DatabaseProvider.Sqlite, (db, window) => new SqliteMessageSearch(db, window));

    private static async Task PagesEqualOneQueryOverAllEntriesAsync(DatabaseProvider provider, Func<ChatDbContext, int, IMessageSearch> create)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var (me, mine, theirs) = await SeedAsync(database);
        await using var db = database.CreateContext();
        var entries = await db.Set<MessageSearchEntry>().AsNoTracking().ToListAsync();
        var readable = entries.Where(e => mine.Contains(e.ConversationId)).ToList();
        readable.Should().NotBeEmpty();
        entries.Should().Contain(e => theirs == e.ConversationId && e.Terms.Contains("rare", StringComparison.Ordinal), "a stranger's match must be left out");

        string[][] queries = [["common"], ["rare"], ["pre"], ["prefix"], ["common", "alpha"], ["beta", "pre"], ["gamma", "rare"], ["missing"], ["common", "gam"]];
        // lastAsPrefix false: the words are whole terms (blind-index tokens with encryption at rest).
        foreach (var lastAsPrefix in new[] { true, false })
        {
            foreach (var window in new[] { 1, 2, 5, 17, 10_000 })
            {
                foreach (var words in queries)
                {
                    foreach (var take in new[] { 2, 5, 50 })
                    {
                        foreach (Guid? conversation in new Guid?[] { null, mine[0], theirs })
                        {
                            var expected = readable
                                .Where(e => conversation is null || e.ConversationId == conversation)
                                .Where(e => Matches(e.Terms, words, lastAsPrefix))
                                .OrderByDescending(e => e.Id)
                                .Select(e => new MessageSearchHit(e.Id, e.MessageId))
                                .ToList();
                            var found = await AllPagesAsync(create(db, window), me, conversation, words, lastAsPrefix, take);
                            found.Should().Equal(
                                expected,
                                $"window {window}, take {take}, '{string.Join(' ', words)}'{(lastAsPrefix ? " (last as prefix)" : string.Empty)} in {conversation?.ToString() ?? "every conversation"}");
                        }
                    }
                }
            }
        }
    }

    [PostgresFact]
    public async Task The_stored_vector_follows_edits_of_the_terms_on_postgres()
    {
        await using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Postgres);
        var (me, _, _) = await SeedAsync(database);
        await using var db = database.CreateContext();
        var entry = await db.Set<MessageSearchEntry>().OrderBy(e => e.Id).FirstAsync();
        entry.Replace("edited wording");
        await db.SaveChangesAsync();

        foreach (var window in new[] { 1, 10_000 })
        {
            var search = new PostgresMessageSearch(db, window);
            (await search.FindAsync(me, null, ["edited"], lastAsPrefix: true, null, 10, CancellationToken.None)).Select(h => h.EntryId).Should().Equal(entry.Id);
            (await search.FindAsync(me, null, ["edited", "word"], lastAsPrefix: true, null, 10, CancellationToken.None)).Select(h => h.EntryId).Should().Equal(entry.Id);
        }
    }

    private static bool Matches(string terms, string[] words, bool lastAsPrefix)
    {
        var lexemes = terms.Split(' ');
        return words.Take(words.Length - 1).All(lexemes.Contains)
            && lexemes.Any(l => lastAsPrefix ? l.StartsWith(words[^1], StringComparison.Ordinal) : l == words[^1]);
    }

    /// <summary>Every page, following the cursor (the last hit's entry id) as the handler does.</summary>
    private static async Task<List<MessageSearchHit>> AllPagesAsync(IMessageSearch search, Guid me, Guid? conversation, string[] words, bool lastAsPrefix, int take)
    {
        var all = new List<MessageSearchHit>();
        long? before = null;
        while (true)
        {
            var page = await search.FindAsync(me, conversation, words, lastAsPrefix, before, take, CancellationToken.None);
            page.Count.Should().BeLessThanOrEqualTo(take);
            all.AddRange(page);
            if (page.Count < take)
            {
                return all;
            }

            before = page[^1].EntryId;
        }
    }

    /// <summary>Two conversations of the caller's and one of a stranger's, 60 messages spread over them, oldest first.</summary>
    private static async Task<(Guid Me, Guid[] Mine, Guid Theirs)> SeedAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var now = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);
        var users = Enumerable.Range(0, 3).Select(i => User.Register($"search{i}", null, "not-a-real-hash", now)).ToList();
        var conversations = new[]
        {
            Conversation.StartGroup(users[0].Id, "mine 1", [users[1].Id], now),
            Conversation.StartGroup(users[1].Id, "mine 2", [users[0].Id], now),
            Conversation.StartGroup(users[1].Id, "theirs", [users[2].Id], now),
        };
        db.AddRange(users);
        db.AddRange(conversations);
        await SaveWithoutEventsAsync(db);

        for (var i = 0; i < 60; i++)
        {
            var conversation = conversations[i % 3 == 2 ? 2 : i % 2];
            now = now.AddSeconds(1);
            var message = conversation.AppendMessage(conversation.Participants.First(), string.Join(' ', Words[i % Words.Length]), null, null, [], now);
            db.Add(message);
            db.Add(new MessageSearchEntry(message.Id, conversation.Id, string.Join(' ', Words[i % Words.Length])));

            // One save per message, so the entries' ids follow the order they were written in.
            await SaveWithoutEventsAsync(db);
        }

        await db.Database.ExecuteSqlRawAsync("ANALYZE");
        return (users[0].Id, [conversations[0].Id, conversations[1].Id], conversations[2].Id);
    }

    private static async Task SaveWithoutEventsAsync(ChatDbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries<Entity>())
        {
            entry.Entity.ClearDomainEvents();
        }

        await db.SaveChangesAsync();
    }
}
