using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Rooms;

/// <summary>Short calls for room tests.</summary>
public static class RoomApi
{
    public static async Task<JsonElement> CreateRoomAsync(this TestUser user, string name = "Room", bool isPublic = true, string? description = null)
    {
        var response = await user.Client.PostAsJsonAsync("/api/v1/rooms", new { name, isPublic, description });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public static async Task<Guid> CreateRoomIdAsync(this TestUser user, string name = "Room", bool isPublic = true) =>
        (await user.CreateRoomAsync(name, isPublic)).GetProperty("id").GetGuid();

    public static async Task JoinAsync(this TestUser user, Guid roomId)
    {
        var response = await user.Client.PostAsync($"/api/v1/rooms/{roomId}/join", null);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public static async Task AddAsync(this TestUser admin, Guid roomId, TestUser user, string? role = null)
    {
        var response = await admin.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/members", new { userId = user.Id });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        if (role is not null)
        {
            var patch = await admin.Client.PatchAsJsonAsync($"/api/v1/rooms/{roomId}/members/{user.Id}", new { role });
            patch.StatusCode.Should().Be(HttpStatusCode.OK, await patch.Content.ReadAsStringAsync());
        }
    }

    public static async Task<string> CreateInviteAsync(this TestUser user, Guid roomId, int? maxUses = null, int? expiresInSeconds = null)
    {
        var response = await user.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/invites", new { maxUses, expiresInSeconds });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("code").GetString()!;
    }

    public static IEnumerable<JsonElement> Items(this JsonElement page) => page.GetProperty("items").EnumerateArray();

    public static async Task<List<JsonElement>> ChannelsAsync(this TestUser user, Guid roomId)
    {
        var response = await user.Client.GetAsync($"/api/v1/rooms/{roomId}/channels");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).Items().ToList();
    }

    public static async Task<Guid> GeneralChannelAsync(this TestUser user, Guid roomId) =>
        (await user.ChannelsAsync(roomId)).Single(c => c.GetProperty("title").GetString() == "general").GetProperty("id").GetGuid();

    public static async Task<Guid> CreateChannelAsync(this TestUser admin, Guid roomId, string name, string type = "text", int? position = null)
    {
        var response = await admin.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/channels", new { name, type, position });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    public static async Task<Guid> SendAsync(this TestUser user, Guid conversationId, string content)
    {
        var response = await user.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { content });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }
}
