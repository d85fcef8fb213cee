using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Application.Common.Serialization;

namespace Chat.Api.Tests.Infrastructure;

/// <summary>Helpers that keep API tests short: register users, read JSON, assert problem documents.</summary>
public static class ApiTestExtensions
{
    public const string Password = "correct-horse-battery";

    public static JsonSerializerOptions Json => ChatJson.Options;

    /// <summary>Registers a user with a unique name built from <paramref name="prefix"/>.</summary>
    public static async Task<TestUser> RegisterUserAsync(this ChatApiFactory factory, string prefix = "user")
    {
        var username = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(32, prefix.Length + 13)];
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { username, password = Password });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.ReadJsonAsync();
        var accessToken = body.GetProperty("accessToken").GetString()!;
        return new TestUser(
            body.GetProperty("user").GetProperty("id").GetGuid(),
            username,
            accessToken,
            body.GetProperty("refreshToken").GetString()!,
            TestUser.Authorize(factory.CreateClient(), accessToken));
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<T> ReadAsAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Json))!;

    /// <summary>Asserts the answer is a problem document of the contract with this status and code; returns it.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", text);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        problem.GetProperty("code").GetString().Should().Be(code, text);
        problem.GetProperty("type").GetString().Should().Be("/problems/" + code);
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.TryGetProperty("traceId", out _).Should().BeTrue(text);
        problem.TryGetProperty("title", out _).Should().BeTrue(text);
        return problem;
    }
}
