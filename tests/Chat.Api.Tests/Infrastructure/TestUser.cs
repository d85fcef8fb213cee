using System.Net.Http.Headers;

namespace Chat.Api.Tests.Infrastructure;

/// <summary>A registered user with an HTTP client that carries their access token.</summary>
public sealed record TestUser(Guid Id, string Username, string AccessToken, string RefreshToken, HttpClient Client)
{
    public static HttpClient Authorize(HttpClient client, string accessToken)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}
