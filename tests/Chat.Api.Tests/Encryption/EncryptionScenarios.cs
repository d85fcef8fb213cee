using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chat.Api.Tests.Attachments;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages;
using Chat.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Chat.Infrastructure.Encryption;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Chat.Api.Tests.Encryption;

/// <summary>Encryption at rest through the API (issue 17, docs/encryption.md), written once and run on SQLite and PostgreSQL.</summary>
public sealed class EncryptionScenarios(ConversationApiFactory factory)
{
    /// <summary>The settings of an encrypted test server (the master key file is made in its data directory).</summary>
    public static Dictionary<string, string?> Settings()
    {
        var settings = AttachmentApi.Settings();
        settings["Chat:Encryption:Enabled"] = "true";
        return settings;
    }

    public async Task Every_read_path_serves_the_texts_as_written()
    {
        var users = await factory.FriendsAsync(2, "seal");
        var (alice, bob) = (users[0], users[1]);
        var direct = (await alice.StartDirectAsync(bob)).Id();
        var tag = Tag();
        var root = await alice.SendAsync(direct, $"{tag} Émile thinks the plan works");
        var reply = await bob.SendAsync(direct, $"{tag} the reply in a thread", replyToId: root.Id());
        root.GetProperty("content").GetString().Should().Be($"{tag} Émile thinks the plan works", "the send's answer carries the text");

        var edit = await alice.Client.PatchAsJsonAsync($"/api/v1/messages/{root.Id()}", new { content = $"{tag} Émile knows the plan works" });
        (await edit.ReadJsonAsync()).GetProperty("content").GetString().Should().Be($"{tag} Émile knows the plan works");

        var history = (await bob.HistoryAsync(direct)).GetProperty("items").EnumerateArray().ToList();
        history.Select(Content).Should().Equal($"{tag} Émile knows the plan works", $"{tag} the reply in a thread");
        history.Select(m => m.TryGetProperty("unreadable", out var _)).Should().AllBeEquivalentTo(false);

        var changes = (await bob.GetJsonAsync($"/api/v1/conversations/{direct}/changes?since=0")).GetProperty("items").EnumerateArray().ToList();
        changes.Select(Content).Should().BeEquivalentTo([$"{tag} Émile knows the plan works", $"{tag} the reply in a thread"]);

        Content(await bob.GetJsonAsync($"/api/v1/messages/{reply.Id()}")).Should().Be($"{tag} the reply in a thread");
        Content((await bob.GetJsonAsync($"/api/v1/conversations/{direct}")).GetProperty("lastMessage")).Should().Be($"{tag} the reply in a thread");
        (await bob.GetJsonAsync($"/api/v1/messages/{root.Id()}/thread")).GetProperty("items").EnumerateArray().Select(Content).Should().Equal($"{tag} the reply in a thread");
        (await bob.GetJsonAsync($"/api/v1/messages/{root.Id()}/edits")).EnumerateArray().Select(Content).Should().Equal($"{tag} Émile thinks the plan works");

        var found = (await bob.GetJsonAsync($"/api/v1/search/messages?q={Uri.EscapeDataString($"{tag} emile kno")}")).GetProperty("items").EnumerateArray().ToList();
        found.Select(m => m.Id()).Should().Equal(root.Id());
        Content(found[0]).Should().Be($"{tag} Émile knows the plan works");
        found[0].GetProperty("snippet").GetString().Should().Contain("Émile knows");

        // Pushes are built from the stored (sealed) row, re-read after the commit.
        Pushed("new_message", reply.Id()).Should().NotBeEmpty().And.OnlyContain(m => Content(m) == $"{tag} the reply in a thread");
        Pushed("message_edited", root.Id()).Should().NotBeEmpty().And.OnlyContain(m => Content(m) == $"{tag} Émile knows the plan works");
    }

    public async Task Search_finds_the_same_messages_as_without_encryption()
    {
        var plain = await ConversationApiFactory.CreateAsync(factory.Database.Provider, AttachmentApi.Settings());
        await using (plain)
        {
            var tag = Tag();
            string[] corpus =
            [
                $"{tag} hello world", $"{tag} please help", $"{tag} Émile Zola wrote this", $"{tag} internationalization is hard",
                $"{tag} internationally known", $"{tag} interdisciplinary work", $"{tag} ΛΌΓΟΣ και Άλφα", $"{tag} ﬁle Straße", $"{tag} the world helps",
            ];
            string[] queries =
            [
                "hello", "hel", "world hel", "help", "internationaliz", "internationa", "internationalization", "inter", "emile", "ÉMIL",
                "λογος", "αλφ", "file strasse", "straße", "world", "wor", "missing", "hello missing", "zola wrote",
            ];

            var plainAnswers = await AnswersAsync(plain, tag, corpus, queries);
            var sealedAnswers = await AnswersAsync(factory, tag, corpus, queries);
            plainAnswers.Values.Should().Contain(a => a.Count > 1, "the queries find something");
            sealedAnswers.Should().BeEquivalentTo(plainAnswers, o => o.WithStrictOrdering());
        }
    }

    public async Task Deleting_a_conversation_erases_its_key_and_saved_copies_of_its_rows_stay_unreadable()
    {
        var users = await factory.FriendsAsync(3, "erase");
        var (alice, bob, carol) = (users[0], users[1], users[2]);
        var erased = (await alice.StartDirectAsync(bob)).Id();
        var kept = (await alice.StartDirectAsync(carol)).Id();
        await alice.SendAsync(erased, "the first secret");
        await bob.SendAsync(erased, "the second secret");
        await alice.SendAsync(kept, "still readable");

        // The "backup": a copy of the rows taken before the delete.
        List<(Guid Id, Guid ConversationId, byte[] Sealed)> backup;
        await using (var db = factory.Database.CreateContext())
        {
            backup = (await db.Set<Message>().Where(m => m.ConversationId == erased || m.ConversationId == kept)
                    .Select(m => new { m.Id, m.ConversationId, Sealed = EF.Property<byte[]?>(m, SealedColumns.Content) }).ToListAsync())
                .Select(m => (m.Id, m.ConversationId, m.Sealed!)).ToList();
        }

        // Account removal: once both participants of a direct conversation are gone, it is deleted with its key.
        foreach (var user in new[] { bob, alice })
        {
            using var deleteMe = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/users/me") { Content = JsonContent.Create(new { password = ApiTestExtensions.Password }) };
            await (await user.Client.SendAsync(deleteMe)).ShouldBeNoContentAsync();
        }

        await using (var db = factory.Database.CreateContext())
        {
            (await db.Set<ConversationKey>().Where(k => k.ConversationId == erased).CountAsync()).Should().Be(0, "the conversation's data key is gone");
            (await db.Set<ConversationKey>().Where(k => k.ConversationId == kept).CountAsync()).Should().Be(1);
        }

        // Whoever holds the backup and the master key (a fresh process: no key cached) opens only what still has a key.
        var options = new EncryptionOptions { Enabled = true };
        var fresh = new ContentProtection(
            options, new KeyStore(MasterKeySource.Load(options, factory.DataDirectory), factory.Database.CreateContext, TimeProvider.System), NullLogger<ContentProtection>.Instance);
        foreach (var (id, conversationId, sealedContent) in backup)
        {
            var opened = await fresh.OpenAsync(ProtectedContent.MessageContent, conversationId, id, sealedContent, CancellationToken.None);
            if (conversationId == erased)
            {
                opened.Should().BeNull();
            }
            else
            {
                opened.Should().Be("still readable");
            }
        }

        backup.Count(m => m.ConversationId == erased).Should().Be(2);
    }

    /// <summary>Sends <paramref name="corpus"/> in order and answers, per query, the corpus positions of the hits (newest first).</summary>
    private static async Task<Dictionary<string, List<int>>> AnswersAsync(ConversationApiFactory server, string tag, string[] corpus, string[] queries)
    {
        var users = await server.FriendsAsync(2, "same");
        var direct = (await users[0].StartDirectAsync(users[1])).Id();
        var positions = new Dictionary<Guid, int>();
        for (var i = 0; i < corpus.Length; i++)
        {
            positions[(await users[0].SendAsync(direct, corpus[i])).Id()] = i;
        }

        var answers = new Dictionary<string, List<int>>();
        foreach (var query in queries)
        {
            var page = await users[1].GetJsonAsync($"/api/v1/search/messages?q={Uri.EscapeDataString($"{tag} {query}")}");
            answers[query] = page.GetProperty("items").EnumerateArray().Select(m => positions[m.Id()]).ToList();
        }

        return answers;
    }

    public async Task The_stored_rows_hold_none_of_the_words()
    {
        var plain = await ConversationApiFactory.CreateAsync(factory.Database.Provider, AttachmentApi.Settings());
        await using (plain)
        {
            var words = Enumerable.Range(0, 4).Select(_ => "zq" + Guid.NewGuid().ToString("N")[..10]).ToArray();
            await WriteWordsAsync(plain, words);
            (await StoredTextAsync(plain)).Should().Contain(words[0], "the same writes on a server without encryption store the words (the scan can see them)");

            await WriteWordsAsync(factory, words);
            var stored = await StoredTextAsync(factory);
            foreach (var word in words)
            {
                stored.Should().NotContain(word);
            }

            stored.Should().NotContain(Reverse(words[0]), "nor is a word stored in another order");
        }
    }

    public async Task A_tampered_or_moved_ciphertext_is_served_as_unreadable_and_the_rest_of_the_page_is_not()
    {
        var users = await factory.FriendsAsync(2, "tamper");
        var direct = (await users[0].StartDirectAsync(users[1])).Id();
        var sent = new List<JsonElement>();
        for (var i = 0; i < 4; i++)
        {
            sent.Add(await users[0].SendAsync(direct, $"message number {i} of the page"));
        }

        var ids = sent.Select(m => m.Id()).ToArray();
        await using (var db = factory.Database.CreateContext())
        {
            var stored = await db.Set<Message>().Where(m => ids.Contains(m.Id))
                .Select(m => new { m.Id, Sealed = EF.Property<byte[]?>(m, SealedColumns.Content) }).ToDictionaryAsync(m => m.Id, m => m.Sealed!);
            stored.Values.Should().OnlyContain(s => s != null && s.Length > 0);

            var altered = (byte[])stored[ids[0]].Clone();
            altered[^20] ^= 0x01;
            await SetSealedAsync(db, ids[0], altered);
            await SetSealedAsync(db, ids[1], stored[ids[2]]);
            await SetSealedAsync(db, ids[2], stored[ids[1]]);
        }

        var page = (await users[1].HistoryAsync(direct)).GetProperty("items").EnumerateArray().ToList();
        page.Select(m => m.Id()).Should().Equal(ids);
        foreach (var damaged in page.Take(3))
        {
            damaged.GetProperty("unreadable").GetBoolean().Should().BeTrue();
            damaged.GetProperty("content").ValueKind.Should().Be(JsonValueKind.Null, "never another message's text");
        }

        Content(page[3]).Should().Be("message number 3 of the page");
        page[3].TryGetProperty("unreadable", out _).Should().BeFalse();
        (await users[1].GetJsonAsync($"/api/v1/messages/{ids[1]}")).GetProperty("unreadable").GetBoolean().Should().BeTrue();

        var document = await users[1].GetJsonAsync(Chat.Api.Infrastructure.SwaggerSetup.DocumentPath);
        document.GetProperty("components").GetProperty("schemas").GetProperty("Message").GetProperty("properties").TryGetProperty("unreadable", out _)
            .Should().BeTrue("the flag is part of the documented Message shape");
    }

    /// <summary>Sends, replies to, edits and searches messages holding <paramref name="words"/>, with a file whose name holds none.</summary>
    private static async Task WriteWordsAsync(ConversationApiFactory server, string[] words)
    {
        var users = await server.FriendsAsync(2, "scan");
        var direct = (await users[0].StartDirectAsync(users[1])).Id();
        var first = await users[0].SendAsync(direct, $"{words[0]} and {words[1]}");
        await users[1].SendAsync(direct, $"re: {words[2]}", replyToId: first.Id());
        (await users[0].Client.PatchAsJsonAsync($"/api/v1/messages/{first.Id()}", new { content = $"{words[3]} instead" })).EnsureSuccessStatusCode();
        (await users[1].GetJsonAsync($"/api/v1/search/messages?q={words[2]}")).GetProperty("items").GetArrayLength().Should().Be(1);
    }

    /// <summary>
    /// Everything the database stores: on SQLite the raw bytes of the database file after a checkpoint (and of any WAL
    /// left), on PostgreSQL every table of the schema as text.
    /// </summary>
    internal static async Task<string> StoredTextAsync(ConversationApiFactory server)
    {
        if (server.Database.Provider == DatabaseProvider.Sqlite)
        {
            await using (var connection = new SqliteConnection(server.Database.ConnectionString))
            {
                await connection.OpenAsync();
                await using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                await checkpoint.ExecuteNonQueryAsync();
            }

            var text = new StringBuilder();
            // The database and what is left of its write-ahead log (the -shm file is an index of the log, no rows).
            foreach (var file in new[] { "chat.db", "chat.db-wal" }.Select(f => Path.Combine(server.Database.Directory!, f)).Where(File.Exists))
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream, Encoding.Latin1);
                text.Append(await reader.ReadToEndAsync());
            }

            return text.ToString();
        }

        await using var postgres = new NpgsqlConnection(server.Database.ConnectionString);
        await postgres.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", postgres))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM \"{table}\" AS t", postgres);
            dump.AppendLine((string)(await select.ExecuteScalarAsync())!);
        }

        return dump.ToString();
    }

    private static Task SetSealedAsync(ChatDbContext db, Guid messageId, byte[] value) =>
        db.Set<Message>().Where(m => m.Id == messageId).ExecuteUpdateAsync(s => s.SetProperty(m => EF.Property<byte[]?>(m, SealedColumns.Content), value));

    private List<JsonElement> Pushed(string type, Guid messageId) =>
        factory.Notifier.OfType(type).Select(n => n.Event.GetProperty("message")).Where(m => m.Id() == messageId).ToList();

    private static string? Content(JsonElement message) => message.GetProperty("content").GetString();

    private static string Reverse(string text) => new([.. text.Reverse()]);

    private static string Tag() => "t" + Guid.NewGuid().ToString("N")[..12];
}
