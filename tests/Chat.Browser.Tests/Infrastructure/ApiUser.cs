using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Chat.Browser.Tests.Infrastructure;

/// <summary>A user set up over the REST API (faster than through the page) when the test is about something else.</summary>
public sealed class ApiUser
{
    private ApiUser(Guid id, string username, HttpClient client)
    {
        Id = id;
        Username = username;
        Client = client;
    }

    public Guid Id { get; }

    public string Username { get; }

    public HttpClient Client { get; }

    public static async Task<ApiUser> RegisterAsync(ChatServer server, string username)
    {
        var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new
        {
            username,
            password = ChatPage.Password,
            displayName = char.ToUpperInvariant(username[0]) + username[1..],
        });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
        return new ApiUser(body.GetProperty("user").GetProperty("id").GetGuid(), username, client);
    }

    /// <summary>Makes the two friends and returns their direct conversation's id.</summary>
    public async Task<Guid> BefriendAsync(ApiUser other)
    {
        var request = await (await Client.PostAsJsonAsync("/api/v1/friends/requests", new { userId = other.Id })).Content.ReadFromJsonAsync<JsonElement>();
        (await other.Client.PostAsync($"/api/v1/friends/requests/{request.GetProperty("id").GetGuid()}/accept", null)).EnsureSuccessStatusCode();
        var conversation = await (await Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = other.Id })).Content.ReadFromJsonAsync<JsonElement>();
        return conversation.GetProperty("id").GetGuid();
    }

    public async Task SendAsync(Guid conversationId, string content)
    {
        var response = await Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { content, clientMessageId = Guid.NewGuid().ToString() });
        response.EnsureSuccessStatusCode();
    }
}
