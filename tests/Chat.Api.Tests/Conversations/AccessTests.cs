using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Friends;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Conversations;

/// <summary>Authorization on every read and write: someone who guesses ids gets 403, made-up ids 404, no token 401.</summary>
public sealed class AccessTests(ConversationApiFixture fixture) : IClassFixture<ConversationApiFixture>
{
    private ConversationApiFactory Factory => fixture.Factory;

    public static TheoryData<string, string, string> Requests => new()
    {
        { "GET", "/api/v1/conversations/{c}", "" },
        { "PATCH", "/api/v1/conversations/{c}", """{"title":"mine"}""" },
        { "POST", "/api/v1/conversations/{c}/members", """{"userIds":["{u}"]}""" },
        { "DELETE", "/api/v1/conversations/{c}/members/{u}", "" },
        { "POST", "/api/v1/conversations/{c}/read", """{"seq":1}""" },
        { "POST", "/api/v1/conversations/{c}/messages", """{"content":"let me in"}""" },
        { "GET", "/api/v1/conversations/{c}/messages", "" },
        { "GET", "/api/v1/conversations/{c}/changes?since=0", "" },
        { "GET", "/api/v1/messages/{m}", "" },
        { "PATCH", "/api/v1/messages/{m}", """{"content":"rewritten"}""" },
        { "DELETE", "/api/v1/messages/{m}", "" },
        { "GET", "/api/v1/messages/{m}/edits", "" },
        { "GET", "/api/v1/messages/{m}/thread", "" },
        { "POST", "/api/v1/messages/{m}/reactions", """{"emoji":"👀"}""" },
        { "DELETE", "/api/v1/messages/{m}/reactions/%F0%9F%91%8D", "" },
        { "PUT", "/api/v1/messages/{m}/read", "" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Someone_who_is_not_a_participant_is_refused_with_403(string method, string template, string body)
    {
        var (alice, bob, conversationId, messageId) = await ConversationWithMessageAsync();
        var intruder = await Factory.RegisterUserAsync("intruder");
        await intruder.BefriendAsync(alice);

        var response = await SendAsync(intruder, method, Fill(template, conversationId, messageId, bob.Id), body, intruder.Id);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_a_participant");
        var history = await alice.HistoryAsync(conversationId, "?includeDeleted=true");
        history.Seqs().Should().Equal(1);
        var message = history.GetProperty("items")[0];
        message.GetProperty("content").GetString().Should().Be("secret");
        message.GetProperty("reactions").EnumerateArray().Select(r => r.GetProperty("count").GetInt32()).Should().Equal(1);
        (await alice.GetJsonAsync($"/api/v1/conversations/{conversationId}")).GetProperty("participants").GetArrayLength().Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Ids_that_do_not_exist_are_404(string method, string template, string body)
    {
        var user = await Factory.RegisterUserAsync("guesser");

        var response = await SendAsync(user, method, Fill(template, Guid.NewGuid(), Guid.NewGuid(), user.Id), body, user.Id);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Without_a_token_every_request_is_401(string method, string template, string body)
    {
        var anonymous = new TestUser(Guid.Empty, "nobody", string.Empty, string.Empty, Factory.CreateClient());

        var response = await SendAsync(anonymous, method, Fill(template, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()), body, Guid.NewGuid());

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Other_peoples_conversations_stay_out_of_lists_and_unread_counts()
    {
        await ConversationWithMessageAsync();
        var outsider = await Factory.RegisterUserAsync("outsider");

        (await outsider.GetJsonAsync("/api/v1/conversations")).GetProperty("items").GetArrayLength().Should().Be(0);
        (await outsider.GetJsonAsync("/api/v1/unread")).GetProperty("total").GetInt32().Should().Be(0);
    }

    private async Task<(TestUser Alice, TestUser Bob, Guid ConversationId, Guid MessageId)> ConversationWithMessageAsync()
    {
        var (alice, bob) = await Factory.FriendsAsync(2) switch { var u => (u[0], u[1]) };
        var conversationId = (await alice.StartDirectAsync(bob)).Id();
        var message = await alice.SendAsync(conversationId, "secret");
        await bob.Client.PostAsJsonAsync($"/api/v1/messages/{message.Id()}/reactions", new { emoji = "👍" });
        return (alice, bob, conversationId, message.Id());
    }

    private static string Fill(string template, Guid conversationId, Guid messageId, Guid userId) =>
        template.Replace("{c}", conversationId.ToString()).Replace("{m}", messageId.ToString()).Replace("{u}", userId.ToString());

    private static Task<HttpResponseMessage> SendAsync(TestUser user, string method, string url, string body, Guid userId)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body.Length > 0)
        {
            request.Content = new StringContent(body.Replace("{u}", userId.ToString()), System.Text.Encoding.UTF8, "application/json");
        }

        return user.Client.SendAsync(request);
    }
}
