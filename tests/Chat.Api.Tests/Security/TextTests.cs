using System.Net;
using System.Net.Http.Json;
using System.Text;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;
using Chat.Api.Tests.Rooms;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;

namespace Chat.Api.Tests.Security;

/// <summary>
/// Issue 10 §3 through the API, on SQLite and PostgreSQL: lengths in code points, visible content, name search folded
/// in .NET (case in every script, NFC = NFD, accents kept, wildcards literal), reactions that are emoji, and NIST
/// passwords. Each example of the issue is a test here.
/// </summary>
public sealed class TextTests
{
    private static string Emoji(int count) => string.Concat(Enumerable.Repeat("😀", count));

    private static readonly string Nfd = "E\u0301mile";

    [Fact]
    public Task Lengths_visibility_reactions_and_passwords_on_sqlite() => LengthsVisibilityReactionsAndPasswordsAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Lengths_visibility_reactions_and_passwords_on_postgres() => LengthsVisibilityReactionsAndPasswordsAsync(DatabaseProvider.Postgres);

    [Fact]
    public Task Name_search_folds_case_and_normalization_alike_on_sqlite() => NameSearchAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Name_search_folds_case_and_normalization_alike_on_postgres() => NameSearchAsync(DatabaseProvider.Postgres);

    private static async Task LengthsVisibilityReactionsAndPasswordsAsync(DatabaseProvider provider)
    {
        await using var factory = await RoomsApiFactory.CreateRoomsAsync(provider);
        var pals = await factory.FriendsAsync(2, "txt");
        var (alice, bob) = (pals[0], pals[1]);
        var group = (await alice.StartGroupAsync("Text", bob)).GetProperty("id").GetGuid();

        // 2,001 emoji are 4,002 UTF-16 units but 2,001 characters: accepted and returned exactly as sent.
        var sent = await alice.PostMessageAsync(group, Emoji(2001));
        sent.StatusCode.Should().Be(HttpStatusCode.Created, await sent.Content.ReadAsStringAsync());
        var messageId = (await sent.ReadJsonAsync()).GetProperty("id").GetGuid();
        (await alice.GetJsonAsync($"/api/v1/messages/{messageId}")).GetProperty("content").GetString().Should().Be(Emoji(2001));
        (await alice.PostMessageAsync(group, Emoji(4000))).StatusCode.Should().Be(HttpStatusCode.Created);
        var tooLong = await (await alice.PostMessageAsync(group, Emoji(4001))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        tooLong.GetProperty("errors").GetProperty("content")[0].GetString().Should().Be("Content must be 1–4000 characters (Unicode code points) after trimming.");

        // Only invisible characters: refused, nothing stored, nothing unread for bob.
        foreach (var invisible in new[] { "\u200B", "\u2060\uFEFF", "\u200B \u200C\u200D", "\u3164", "\u0301", "\uFE0F", "\U000E0041" })
        {
            await (await alice.PostMessageAsync(group, invisible)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
            await (await alice.Client.PatchAsJsonAsync($"/api/v1/messages/{messageId}", new { content = invisible }))
                .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        }

        (await bob.HistoryAsync(group)).GetProperty("items").GetArrayLength().Should().Be(2);

        // A display name and a group title of 100 emoji fit their columns.
        (await alice.Client.PatchAsJsonAsync("/api/v1/users/me", new { displayName = Emoji(100) })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await alice.StartGroupAsync(Emoji(100), bob)).GetProperty("title").GetString().Should().Be(Emoji(100));

        // Reactions: one listed emoji in any form, stored and returned fully-qualified; anything else is 422.
        await (await alice.Client.PostAsJsonAsync($"/api/v1/messages/{messageId}/reactions", new { emoji = "lol" }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        (await alice.Client.PostAsJsonAsync($"/api/v1/messages/{messageId}/reactions", new { emoji = "❤" })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await bob.Client.PostAsJsonAsync($"/api/v1/messages/{messageId}/reactions", new { emoji = "❤️" })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var reactions = (await bob.GetJsonAsync($"/api/v1/messages/{messageId}")).GetProperty("reactions");
        reactions.GetArrayLength().Should().Be(1);
        reactions[0].GetProperty("emoji").GetString().Should().Be("❤️");
        reactions[0].GetProperty("count").GetInt32().Should().Be(2);
        (await alice.Client.DeleteAsync($"/api/v1/messages/{messageId}/reactions/{Uri.EscapeDataString("❤")}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await bob.GetJsonAsync($"/api/v1/messages/{messageId}")).GetProperty("reactions")[0].GetProperty("count").GetInt32().Should().Be(1);
        await (await alice.Client.DeleteAsync($"/api/v1/messages/{messageId}/reactions/lol")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        // Passwords: 8–128 code points and not on the common list; nothing else.
        var anonymous = factory.CreateClient();
        foreach (var password in new[] { "password", "12345678", "Password", "😀😀😀😀" })
        {
            await (await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { username = "newbie" + password.Length, password }))
                .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        }

        (await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { username = "emoji_pw", password = "😀😁😂🤣😃😄😅😆" }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        await (await alice.Client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = ApiTestExtensions.Password, newPassword = "iloveyou" }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        (await alice.Client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = ApiTestExtensions.Password, newPassword = "kq8#Zt!p" }))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    private static async Task NameSearchAsync(DatabaseProvider provider)
    {
        await using var factory = await RoomsApiFactory.CreateRoomsAsync(provider);
        var searcher = await factory.RegisterUserAsync("finder");
        var names = new[]
        {
            "Émile Zola", "E\u0301douard Manet", "ΣΩΚΡΆΤΗΣ", "Пётр Ильич", "STRAẞE Meister", "İpek ISTANBUL", "😀 Smiley",
            "100%_[literal]\\", "Ǆemal", "Dženana",
        };
        var users = new Dictionary<string, Guid>();
        foreach (var name in names)
        {
            var user = await factory.RegisterUserAsync("n");
            (await user.Client.PatchAsJsonAsync("/api/v1/users/me", new { displayName = name })).StatusCode.Should().Be(HttpStatusCode.OK);
            users[name] = user.Id;
        }

        async Task<string[]> FoundAsync(string search) =>
            (await searcher.GetJsonAsync("/api/v1/users?limit=100&search=" + Uri.EscapeDataString(search))).Items()
                .Select(u => u.GetProperty("displayName").GetString()!).Where(names.Contains).Order(StringComparer.Ordinal).ToArray();

        // The issue's example: the exact spelling, in NFC and in NFD, in any case.
        (await FoundAsync("Émile")).Should().Equal("Émile Zola");
        (await FoundAsync(Nfd)).Should().Equal("Émile Zola");
        (await FoundAsync("ÉMILE")).Should().Equal("Émile Zola");
        (await FoundAsync("émile zola")).Should().Equal("Émile Zola");
        (await FoundAsync("emile")).Should().BeEmpty("accents are kept: emile is not Émile");
        (await FoundAsync("édouard")).Should().Equal("E\u0301douard Manet");
        (await FoundAsync("ÉDOUARD".Normalize(NormalizationForm.FormD))).Should().Equal("E\u0301douard Manet");

        // Case in other scripts.
        (await FoundAsync("σωκράτης")).Should().Equal("ΣΩΚΡΆΤΗΣ");
        (await FoundAsync("Σωκρ")).Should().Equal("ΣΩΚΡΆΤΗΣ");
        (await FoundAsync("пётр")).Should().Equal("Пётр Ильич");
        (await FoundAsync("ПЁТР ИЛЬИЧ")).Should().Equal("Пётр Ильич");
        (await FoundAsync("петр")).Should().BeEmpty("ё is not е");
        (await FoundAsync("straße")).Should().Equal("STRAẞE Meister");
        (await FoundAsync("STRAẞE")).Should().Equal("STRAẞE Meister");
        (await FoundAsync("İpek")).Should().Equal("İpek ISTANBUL");
        (await FoundAsync("ǅemal")).Should().Equal("Ǆemal");
        (await FoundAsync("ǆ")).Should().Equal("Ǆemal");
        (await FoundAsync("DŽENANA")).Should().Equal("Dženana");
        (await FoundAsync("😀")).Should().Equal("😀 Smiley");
        (await FoundAsync("😀 SMILEY")).Should().Equal("😀 Smiley");

        // Wildcards are literal.
        (await FoundAsync("100%_[")).Should().Equal("100%_[literal]\\");
        (await FoundAsync("100%_[literal]\\")).Should().Equal("100%_[literal]\\");
        (await FoundAsync("100_")).Should().BeEmpty();
        (await FoundAsync("%")).Should().BeEmpty();
        (await FoundAsync("_")).Should().BeEmpty();
        (await FoundAsync("[")).Should().BeEmpty();
        (await FoundAsync("\\")).Should().BeEmpty();

        // Conversations (title and the other participants' names, anywhere in them) and rooms (name prefix).
        var pals = await factory.FriendsAsync(2, "conv");
        var groupId = (await pals[0].StartGroupAsync("Σοφία's Café [%_]", pals[1])).GetProperty("id").GetGuid();
        async Task<Guid[]> ConversationsAsync(string search) =>
            (await pals[0].GetJsonAsync("/api/v1/conversations?search=" + Uri.EscapeDataString(search))).Items()
                .Select(c => c.GetProperty("id").GetGuid()).ToArray();
        (await ConversationsAsync("ΣΟΦΊΑ")).Should().Equal(groupId);
        (await ConversationsAsync("cafe\u0301")).Should().Equal(groupId);
        (await ConversationsAsync("CAFÉ")).Should().Equal(groupId);
        (await ConversationsAsync("cafe")).Should().BeEmpty();
        (await ConversationsAsync("[%_]")).Should().Equal(groupId);
        (await ConversationsAsync("%")).Should().Equal(groupId);
        (await ConversationsAsync("[x")).Should().BeEmpty();
        (await ConversationsAsync("a%e")).Should().BeEmpty();

        var owner = await factory.RegisterUserAsync("roomer");
        var roomId = await owner.CreateRoomIdAsync("Ärger Straße");
        await owner.CreateRoomIdAsync("Arger plain");
        async Task<Guid[]> RoomsAsync(string search) =>
            (await searcher.GetJsonAsync("/api/v1/rooms/discover?search=" + Uri.EscapeDataString(search))).Items()
                .Select(r => r.GetProperty("id").GetGuid()).ToArray();
        (await RoomsAsync("äRGER")).Should().Equal(roomId);
        (await RoomsAsync("A\u0308RGER STRASSE".Replace("SS", "ẞ", StringComparison.Ordinal))).Should().Equal(roomId);
        (await RoomsAsync("%")).Should().BeEmpty();
        (await RoomsAsync("_rger")).Should().BeEmpty();
    }
}
