using System.Net;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Attachments;

public sealed class AttachmentRateLimitTests
{
    [Fact]
    public async Task Uploads_past_the_per_user_rate_limit_answer_429_with_retry_after()
    {
        await using var factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?>
        {
            ["Chat:RateLimits:UploadAttachment:PermitLimit"] = "2",
            ["Chat:RateLimits:UploadAttachment:WindowSeconds"] = "600",
        });
        var alice = await factory.RegisterUserAsync("rate");
        var bob = await factory.RegisterUserAsync("rate");

        await alice.UploadAsync(AttachmentApi.Text("one"));
        await alice.UploadAsync(AttachmentApi.Text("two"));
        var third = await alice.PostFileAsync(AttachmentApi.Text("three"), "three.txt");

        await third.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        third.Headers.RetryAfter.Should().NotBeNull();
        (await bob.PostFileAsync(AttachmentApi.Text("bob's"), "b.txt")).StatusCode.Should().Be(HttpStatusCode.Created, "the limit is per user");
    }
}
