using System.Net;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Operations;

/// <summary>CORS on the REST API: the configured origins (the socket's rule) get the headers, others do not.</summary>
public sealed class CorsTests : IAsyncLifetime
{
    private const string Allowed = "https://app.example.com";
    private const string Foreign = "https://evil.example.net";

    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync() =>
        _factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?> { ["Chat:Cors:AllowedOrigins"] = Allowed });

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_answered_and_one_from_another_origin_is_not()
    {
        var allowed = await PreflightAsync(_factory, Allowed);
        allowed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        allowed.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(Allowed);
        allowed.Headers.Contains("Access-Control-Allow-Credentials").Should().BeFalse("bearer tokens, not cookies");
        string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant().Should().Contain("authorization");

        var foreign = await PreflightAsync(_factory, Foreign);
        foreign.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Fact]
    public async Task Answers_to_an_allowed_origin_expose_retry_after_location_and_request_id_errors_included()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me");
        request.Headers.Add("Origin", Allowed);

        var response = await _factory.CreateClient().SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(Allowed);
        string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers")).Split(',')
            .Should().Contain(["Retry-After", "Location", "X-Request-Id"]);
    }

    [Fact]
    public async Task Without_configuration_only_the_servers_own_origin_is_allowed()
    {
        await using var factory = await ChatApiFactory.CreateAsync();

        var foreign = await PreflightAsync(factory, Allowed);

        foreign.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    private static async Task<HttpResponseMessage> PreflightAsync(ChatApiFactory factory, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/conversations");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return await factory.CreateClient().SendAsync(request);
    }
}
