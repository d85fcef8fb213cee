using System.Net;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Conversations;

public sealed class HistoryTests(ConversationApiFixture fixture) : IClassFixture<ConversationApiFixture>
{
    private ConversationApiFactory Factory => fixture.Factory;

    private async Task<(TestUser Reader, Guid ConversationId)> SeededAsync(int count)
    {
        var (alice, bob) = await Factory.FriendsAsync(2) switch { var u => (u[0], u[1]) };
        var direct = await alice.StartDirectAsync(bob);
        await MessageSeeder.SeedAsync(Factory.Database, direct.Id(), alice.Id, count);
        return (bob, direct.Id());
    }

    [Fact]
    public async Task Without_a_cursor_history_is_the_newest_page_in_ascending_order()
    {
        var (reader, conversationId) = await SeededAsync(120);

        var page = await reader.HistoryAsync(conversationId);

        page.Seqs().Should().Equal(Enumerable.Range(71, 50).Select(i => (long)i));
        page.GetProperty("hasMoreBefore").GetBoolean().Should().BeTrue();
        page.GetProperty("hasMoreAfter").GetBoolean().Should().BeFalse();
        (await reader.HistoryAsync(conversationId, "?limit=100")).Seqs().Should().HaveCount(100);
    }

    [Fact]
    public async Task Before_after_and_around_page_by_seq_and_say_what_lies_beyond()
    {
        var (reader, conversationId) = await SeededAsync(30);

        var before = await reader.HistoryAsync(conversationId, "?before=11&limit=5");
        before.Seqs().Should().Equal(6, 7, 8, 9, 10);
        before.GetProperty("hasMoreBefore").GetBoolean().Should().BeTrue();
        before.GetProperty("hasMoreAfter").GetBoolean().Should().BeTrue();

        var first = await reader.HistoryAsync(conversationId, "?before=4&limit=5");
        first.Seqs().Should().Equal(1, 2, 3);
        first.GetProperty("hasMoreBefore").GetBoolean().Should().BeFalse();

        var after = await reader.HistoryAsync(conversationId, "?after=25&limit=3");
        after.Seqs().Should().Equal(26, 27, 28);
        after.GetProperty("hasMoreBefore").GetBoolean().Should().BeTrue();
        after.GetProperty("hasMoreAfter").GetBoolean().Should().BeTrue();
        (await reader.HistoryAsync(conversationId, "?after=28&limit=3")).GetProperty("hasMoreAfter").GetBoolean().Should().BeFalse();

        var around = await reader.HistoryAsync(conversationId, "?around=15&limit=6");
        around.Seqs().Should().Equal(12, 13, 14, 15, 16, 17);
        around.GetProperty("hasMoreBefore").GetBoolean().Should().BeTrue();
        around.GetProperty("hasMoreAfter").GetBoolean().Should().BeTrue();
        var aroundStart = await reader.HistoryAsync(conversationId, "?around=2&limit=6");
        aroundStart.Seqs().Should().Equal(1, 2, 3, 4);
        aroundStart.GetProperty("hasMoreBefore").GetBoolean().Should().BeFalse();
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?before=5&after=1", "cursor")]
    [InlineData("?before=0", "before")]
    public async Task Out_of_range_history_parameters_are_422(string query, string field)
    {
        var (reader, conversationId) = await SeededAsync(1);

        var problem = await (await reader.Client.GetAsync($"/api/v1/conversations/{conversationId}/messages{query}"))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
    }

    [Fact]
    public async Task A_history_parameter_that_is_not_a_number_is_400()
    {
        var (reader, conversationId) = await SeededAsync(1);

        await (await reader.Client.GetAsync($"/api/v1/conversations/{conversationId}/messages?before=yesterday")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "bad_request");
    }
}
