using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Friends;

/// <summary>Short calls to the friends and blocks endpoints, so tests read as the story they tell.</summary>
internal static class FriendApi
{
    public static Task<HttpResponseMessage> SendFriendRequestAsync(this TestUser from, Guid toUserId) =>
        from.Client.PostAsJsonAsync("/api/v1/friends/requests", new { userId = toUserId });

    /// <summary>Sends a request that must be created (201); returns the request id.</summary>
    public static async Task<Guid> RequestFriendshipAsync(this TestUser from, TestUser to)
    {
        var response = await from.SendFriendRequestAsync(to.Id);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    public static async Task BefriendAsync(this TestUser a, TestUser b)
    {
        var requestId = await a.RequestFriendshipAsync(b);
        var accepted = await b.AcceptAsync(requestId);
        accepted.StatusCode.Should().Be(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
    }

    public static Task<HttpResponseMessage> AcceptAsync(this TestUser user, Guid requestId) =>
        user.Client.PostAsync($"/api/v1/friends/requests/{requestId}/accept", null);

    public static Task<HttpResponseMessage> DeclineAsync(this TestUser user, Guid requestId) =>
        user.Client.PostAsync($"/api/v1/friends/requests/{requestId}/decline", null);

    public static Task<HttpResponseMessage> CancelAsync(this TestUser user, Guid requestId) =>
        user.Client.DeleteAsync($"/api/v1/friends/requests/{requestId}");

    public static Task<HttpResponseMessage> UnfriendAsync(this TestUser user, Guid friendId) =>
        user.Client.DeleteAsync($"/api/v1/friends/{friendId}");

    public static Task<HttpResponseMessage> BlockAsync(this TestUser user, Guid userId) =>
        user.Client.PostAsJsonAsync("/api/v1/blocks", new { userId });

    public static Task<HttpResponseMessage> UnblockAsync(this TestUser user, Guid userId) =>
        user.Client.DeleteAsync($"/api/v1/blocks/{userId}");

    public static async Task<JsonElement> GetJsonAsync(this TestUser user, string path)
    {
        var response = await user.Client.GetAsync(path);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    /// <summary>The ids in a <c>{ items }</c> list, taken from <paramref name="idOf"/> of each item.</summary>
    public static List<Guid> Ids(this JsonElement page, Func<JsonElement, JsonElement> idOf) =>
        page.GetProperty("items").EnumerateArray().Select(item => idOf(item).GetGuid()).ToList();

    public static async Task<List<Guid>> FriendIdsAsync(this TestUser user) =>
        (await user.GetJsonAsync("/api/v1/friends")).Ids(f => f.GetProperty("user").GetProperty("id"));

    public static async Task<List<Guid>> RequestIdsAsync(this TestUser user, string direction) =>
        (await user.GetJsonAsync($"/api/v1/friends/requests?direction={direction}")).Ids(r => r.GetProperty("id"));

    public static async Task<List<Guid>> BlockedIdsAsync(this TestUser user) =>
        (await user.GetJsonAsync("/api/v1/blocks")).Ids(u => u.GetProperty("id"));
}
