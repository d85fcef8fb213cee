using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chat.Api.Tests.Attachments;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Search;

/// <summary>The message search behaviours of issue 12, written once and run on SQLite and on PostgreSQL.</summary>
public sealed class SearchScenarios(ConversationApiFactory factory)
{
    public async Task Words_match_whatever_their_case_normal_form_or_diacritics_in_every_script()
    {
        var users = await factory.FriendsAsync(2, "fold");
        var direct = (await users[0].StartDirectAsync(users[1])).Id();
        var tag = Tag();
        var emile = await users[0].SendAsync(direct, $"{tag} Émile Zola wrote this");
        var cyrillic = await users[0].SendAsync(direct, $"{tag} Ёлка в лесу");
        var greek = await users[0].SendAsync(direct, $"{tag} ΛΌΓΟΣ και Άλφα");
        var german = await users[0].SendAsync(direct, $"{tag} ﬁle Straße");

        foreach (var q in new[] { "emile", "Emile", "ÉMILE", "E\u0301mile", "e\u0301MILE" })
        {
            (await Ids(users[1], $"{tag} {q}")).Should().Equal([emile.Id()], q);
        }

        (await Ids(users[1], $"{tag} елка")).Should().Equal(cyrillic.Id());
        (await Ids(users[1], $"{tag} ЁЛКА")).Should().Equal(cyrillic.Id());
        (await Ids(users[1], $"{tag} λογος")).Should().Equal(greek.Id());
        (await Ids(users[1], $"{tag} λόγος αλφα")).Should().Equal(greek.Id());
        (await Ids(users[1], $"{tag} FILE straße")).Should().Equal(german.Id());
    }

    public async Task Every_word_must_match_and_the_last_also_as_a_prefix()
    {
        var users = await factory.FriendsAsync(2, "prefix");
        var direct = (await users[0].StartDirectAsync(users[1])).Id();
        var tag = Tag();
        var hello = await users[0].SendAsync(direct, $"{tag} hello world");
        var help = await users[0].SendAsync(direct, $"{tag} please help");

        (await Ids(users[1], $"{tag} hel")).Should().Equal(help.Id(), hello.Id());
        (await Ids(users[1], $"{tag} world hel")).Should().Equal(hello.Id());
        (await Ids(users[1], $"{tag} hel world")).Should().BeEmpty("only the last word is a prefix");
        (await Ids(users[1], $"{tag} hello planet")).Should().BeEmpty("every word must match");
    }

    public async Task Query_syntax_typed_by_a_user_is_plain_text()
    {
        var users = await factory.FriendsAsync(2, "syntax");
        var direct = (await users[0].StartDirectAsync(users[1])).Id();
        var tag = Tag();
        var gate = await users[0].SendAsync(direct, $"{tag} NEAR the OR gate: x*y \"quoted\" it's");

        foreach (var q in new[] { $"{tag} OR", $"{tag} \"near\"", $"{tag} x* y", $"{tag} gate:", $"{tag} it's", $"{tag} 'quoted' & !x", $"{tag} NEAR(x y)", $"{tag} x:*" })
        {
            (await Ids(users[1], q)).Should().Equal([gate.Id()], q);
        }

        (await Ids(users[1], $"{tag} OR missing")).Should().BeEmpty("OR is a word, not an operator");
        foreach (var q in new[] { "", "   ", "\"", "*", "::", new string('a', 201) })
        {
            await (await users[1].Client.GetAsync($"/api/v1/search/messages?q={Uri.EscapeDataString(q)}")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        }

        await (await users[1].Client.GetAsync("/api/v1/search/messages")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await users[1].Client.GetAsync($"/api/v1/search/messages?q=x&cursor=not-a-cursor")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "bad_request");
    }

    public async Task Only_conversations_the_caller_takes_part_in_now_are_searched()
    {
        var users = await factory.FriendsAsync(3, "acl");
        var (alice, bob, carol) = (users[0], users[1], users[2]);
        var stranger = await factory.RegisterUserAsync("acl");
        var tag = Tag();
        var group = (await alice.StartGroupAsync("secrets", bob, carol)).Id();
        var direct = (await alice.StartDirectAsync(bob)).Id();
        var inGroup = await alice.SendAsync(group, $"{tag} launch codes");
        var inDirect = await alice.SendAsync(direct, $"{tag} launch party");

        (await Ids(bob, $"{tag} launch")).Should().Equal(inDirect.Id(), inGroup.Id());
        (await Ids(carol, $"{tag} launch")).Should().Equal(inGroup.Id());
        (await Search(stranger, $"{tag} launch")).GetProperty("items").GetArrayLength().Should().Be(0);
        (await Search(stranger, $"{tag} launch", $"&conversationId={group}")).GetProperty("items").GetArrayLength().Should().Be(0);
        (await Search(stranger, $"{tag} launch")).GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
        (await Ids(bob, $"{tag} launch", $"&conversationId={group}")).Should().Equal(inGroup.Id());

        await (await alice.Client.DeleteAsync($"/api/v1/conversations/{group}/members/{carol.Id}")).ShouldBeNoContentAsync();
        (await Ids(carol, $"{tag} launch")).Should().BeEmpty("a removed member no longer reads the group");
    }

    public async Task Edits_and_deletes_are_reflected_and_file_names_are_searchable()
    {
        var users = await factory.FriendsAsync(2, "edit");
        var direct = (await users[0].StartDirectAsync(users[1])).Id();
        var tag = Tag();
        var message = await users[0].SendAsync(direct, $"{tag} original wording");
        var upload = await users[0].UploadAsync(AttachmentApi.Pdf(), "Quarterly-Résumé.pdf");
        var withFile = await (await users[0].SendWithAttachmentsAsync(direct, null, upload.Id())).ReadJsonAsync();

        (await users[0].Client.PatchAsJsonAsync($"/api/v1/messages/{message.Id()}", new { content = $"{tag} revised wording" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Ids(users[1], $"{tag} original")).Should().BeEmpty();
        (await Ids(users[1], $"{tag} revised")).Should().Equal(message.Id());

        var byName = await Search(users[1], "quarterly resume");
        byName.GetProperty("items").EnumerateArray().Select(i => i.Id()).Should().Contain(withFile.Id());
        var hit = byName.GetProperty("items").EnumerateArray().Single(i => i.Id() == withFile.Id());
        hit.GetProperty("snippet").GetString().Should().Be("Quarterly-Résumé.pdf");

        await (await users[0].Client.DeleteAsync($"/api/v1/messages/{message.Id()}")).ShouldBeNoContentAsync();
        await (await users[0].Client.DeleteAsync($"/api/v1/messages/{withFile.Id()}")).ShouldBeNoContentAsync();
        (await Ids(users[1], $"{tag} revised")).Should().BeEmpty();
        (await Search(users[1], "quarterly resume")).GetProperty("items").EnumerateArray().Select(i => i.Id()).Should().NotContain(withFile.Id());
    }

    public async Task Results_are_newest_first_paged_and_carry_snippets_with_highlights()
    {
        var users = await factory.FriendsAsync(2, "page");
        var direct = (await users[0].StartDirectAsync(users[1])).Id();
        var tag = Tag();
        var sent = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            sent.Add((await users[0].SendAsync(direct, $"{tag} item {i} Émile")).Id());
        }

        var long_ = await users[0].SendAsync(direct, $"{new string('x', 150)} {string.Join(' ', Enumerable.Repeat("filler", 30))} {tag} needle ÉMILE {string.Join(' ', Enumerable.Repeat("tail", 60))}");
        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await Search(users[1], $"{tag} item", $"&limit=2{(cursor is null ? string.Empty : "&cursor=" + cursor)}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Id()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        seen.Should().Equal(Enumerable.Reverse(sent));
        var first = (await Search(users[1], $"{tag} item 4")).GetProperty("items")[0];
        first.GetProperty("snippet").GetString().Should().Be($"{tag} item 4 Émile");
        Highlighted(first).Should().Equal(tag, "item", "4");
        first.GetProperty("sender").Id().Should().Be(users[0].Id);

        var longHit = (await Search(users[1], $"{tag} needle emi")).GetProperty("items")[0];
        longHit.Id().Should().Be(long_.Id());
        var snippet = longHit.GetProperty("snippet").GetString()!;
        snippet.Should().StartWith("…").And.EndWith("…").And.Contain("needle ÉMILE");
        snippet.Length.Should().BeLessThan(210);
        Highlighted(longHit).Should().Equal(tag, "needle", "ÉMILE");
    }

    private static string Tag() => "t" + Guid.NewGuid().ToString("N")[..10];

    private static IEnumerable<string> Highlighted(JsonElement item)
    {
        var snippet = item.GetProperty("snippet").GetString()!;
        return item.GetProperty("highlights").EnumerateArray()
            .Select(h => snippet.Substring(h.GetProperty("start").GetInt32(), h.GetProperty("length").GetInt32()));
    }

    private static async Task<JsonElement> Search(TestUser user, string q, string extra = "")
    {
        var response = await user.Client.GetAsync($"/api/v1/search/messages?q={Uri.EscapeDataString(q)}{extra}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static async Task<List<Guid>> Ids(TestUser user, string q, string extra = "") =>
        (await Search(user, q, extra)).GetProperty("items").EnumerateArray().Select(i => i.Id()).ToList();
}
