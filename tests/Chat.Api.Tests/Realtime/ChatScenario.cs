using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Api.Tests.Friends;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Realtime;

/// <summary>Conversations and messages over REST, for the socket tests' setting up and checking.</summary>
internal static class ChatScenario
{
    /// <summary>Registers users who are all friends with <paramref name="count"/>'s first one (enough to start groups and direct chats).</summary>
    public static async Task<TestUser[]> UsersAsync(this ChatApiFactory factory, int count, string prefix = "u")
    {
        var users = new TestUser[count];
        for (var i = 0; i < count; i++)
        {
            users[i] = await factory.RegisterUserAsync(prefix + i);
        }

        return users;
    }

    public static async Task<Guid> DirectWithAsync(this TestUser user, TestUser other)
    {
        var response = await user.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = other.Id });
        response.StatusCode.Should().BeOneOf([HttpStatusCode.Created, HttpStatusCode.OK], await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>Befriends the owner with every member, then starts a group of them.</summary>
    public static async Task<Guid> GroupWithAsync(this TestUser owner, params TestUser[] members)
    {
        foreach (var member in members)
        {
            await owner.BefriendAsync(member);
        }

        return await owner.StartGroupAsync(members);
    }

    /// <summary>Starts a group with the owner's friends.</summary>
    public static async Task<Guid> StartGroupAsync(this TestUser owner, params TestUser[] members)
    {
        var response = await owner.Client.PostAsJsonAsync("/api/v1/conversations/group", new { title = "Group", memberIds = members.Select(m => m.Id) });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> PostMessageAsync(this TestUser user, Guid conversationId, string content, string? clientMessageId = null)
    {
        var response = await user.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { content, clientMessageId });
        response.StatusCode.Should().BeOneOf([HttpStatusCode.Created, HttpStatusCode.OK], await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public static long Seq(this JsonElement frame) => frame.GetProperty("message").GetProperty("seq").GetInt64();

    public static Guid MessageId(this JsonElement frame) => frame.GetProperty("message").GetProperty("id").GetGuid();
}
