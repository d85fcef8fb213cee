using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Api.Tests.Friends;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Conversations;

/// <summary>Short ways to drive the conversation API from tests.</summary>
public static class ConversationApi
{
    public static Guid Id(this JsonElement element) => element.GetProperty("id").GetGuid();

    public static long Seq(this JsonElement element) => element.GetProperty("seq").GetInt64();

    /// <summary>
    /// Registers <paramref name="count"/> users; the first befriends every other one through the friends API
    /// (request and accept), so it may start direct conversations and groups with them.
    /// </summary>
    public static async Task<TestUser[]> FriendsAsync(this ChatApiFactory factory, int count, string prefix = "pal")
    {
        var users = new TestUser[count];
        for (var i = 0; i < count; i++)
        {
            users[i] = await factory.RegisterUserAsync(prefix);
        }

        foreach (var friend in users[1..])
        {
            await users[0].BefriendAsync(friend);
        }

        return users;
    }

    public static async Task<JsonElement> StartDirectAsync(this TestUser user, TestUser other)
    {
        var response = await user.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = other.Id });
        response.StatusCode.Should().BeOneOf([HttpStatusCode.Created, HttpStatusCode.OK], await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public static async Task<JsonElement> StartGroupAsync(this TestUser owner, string title, params TestUser[] members)
    {
        var response = await owner.Client.PostAsJsonAsync("/api/v1/conversations/group", new { title, memberIds = members.Select(m => m.Id) });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public static Task<HttpResponseMessage> PostMessageAsync(this TestUser user, Guid conversationId, string? content, string? clientMessageId = null, Guid? replyToId = null) =>
        user.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { content, clientMessageId, replyToId });

    public static async Task<JsonElement> SendAsync(this TestUser user, Guid conversationId, string content, string? clientMessageId = null, Guid? replyToId = null)
    {
        var response = await user.PostMessageAsync(conversationId, content, clientMessageId, replyToId);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public static async Task<JsonElement> GetJsonAsync(this TestUser user, string url)
    {
        var response = await user.Client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public static async Task<JsonElement> HistoryAsync(this TestUser user, Guid conversationId, string query = "") =>
        await user.GetJsonAsync($"/api/v1/conversations/{conversationId}/messages{query}");

    public static IEnumerable<long> Seqs(this JsonElement page) => page.GetProperty("items").EnumerateArray().Select(m => m.Seq());

    public static async Task ShouldBeNoContentAsync(this HttpResponseMessage response) =>
        response.StatusCode.Should().Be(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
}
