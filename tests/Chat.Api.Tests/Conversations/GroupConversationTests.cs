using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Conversations;

public sealed class GroupConversationTests(ConversationApiFixture fixture) : IClassFixture<ConversationApiFixture>
{
    private ConversationApiFactory Factory => fixture.Factory;

    [Fact]
    public async Task Creating_a_group_makes_the_caller_its_owner_and_the_friends_its_members()
    {
        var (owner, bob, carol) = await Factory.FriendsAsync(3) switch { var u => (u[0], u[1], u[2]) };

        var response = await owner.Client.PostAsJsonAsync("/api/v1/conversations/group", new { title = "  Weekend  ", memberIds = new[] { bob.Id, carol.Id, bob.Id } });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var group = await response.ReadJsonAsync();
        group.GetProperty("kind").GetString().Should().Be("group");
        group.GetProperty("title").GetString().Should().Be("Weekend");
        var roles = group.GetProperty("participants").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetGuid(), p => p.GetProperty("role").GetString());
        roles.Should().BeEquivalentTo(new Dictionary<Guid, string?> { [owner.Id] = "owner", [bob.Id] = "member", [carol.Id] = "member" });
    }

    [Fact]
    public async Task Group_members_must_exist_and_be_friends_of_the_creator()
    {
        var (owner, friend) = await Factory.FriendsAsync(2) switch { var u => (u[0], u[1]) };
        var stranger = await Factory.RegisterUserAsync("stranger");

        await (await owner.Client.PostAsJsonAsync("/api/v1/conversations/group", new { title = "g", memberIds = new[] { friend.Id, stranger.Id } }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_friends");
        await (await owner.Client.PostAsJsonAsync("/api/v1/conversations/group", new { title = "g", memberIds = new[] { Guid.NewGuid() } }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("", "title")]
    [InlineData("   ", "title")]
    [InlineData(null, "title")]
    public async Task A_group_needs_a_title_of_one_to_a_hundred_characters(string? title, string field)
    {
        var owner = await Factory.RegisterUserAsync("owner");

        var problem = await (await owner.Client.PostAsJsonAsync("/api/v1/conversations/group", new { title, memberIds = Array.Empty<Guid>() }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();

        var tooLong = await (await owner.Client.PostAsJsonAsync("/api/v1/conversations/group", new { title = new string('t', 101), memberIds = Array.Empty<Guid>() }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        tooLong.GetProperty("errors").TryGetProperty("title", out _).Should().BeTrue();
        var noMembers = await (await owner.Client.PostAsJsonAsync("/api/v1/conversations/group", new { title = "ok" }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        noMembers.GetProperty("errors").TryGetProperty("memberIds", out _).Should().BeTrue();
    }

    [Fact]
    public async Task The_owner_renames_the_group_and_sets_its_topic_and_members_may_not()
    {
        var (owner, member) = await Factory.FriendsAsync(2) switch { var u => (u[0], u[1]) };
        var group = await owner.StartGroupAsync("old", member);

        var renamed = await owner.Client.PatchAsJsonAsync($"/api/v1/conversations/{group.Id()}", new { title = "new", topic = "plans" });
        renamed.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await renamed.ReadJsonAsync();
        body.GetProperty("title").GetString().Should().Be("new");
        body.GetProperty("topic").GetString().Should().Be("plans");

        var cleared = await (await owner.Client.PatchAsJsonAsync($"/api/v1/conversations/{group.Id()}", new { topic = "" })).ReadJsonAsync();
        cleared.GetProperty("title").GetString().Should().Be("new");
        cleared.GetProperty("topic").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);

        await (await member.Client.PatchAsJsonAsync($"/api/v1/conversations/{group.Id()}", new { title = "mine" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_owner");
        await (await owner.Client.PatchAsJsonAsync($"/api/v1/conversations/{group.Id()}", new { title = new string('x', 101) })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var updated = Factory.Notifier.OfType("conversation_updated").Where(n => n.Event.GetProperty("conversation").Id() == group.Id()).ToList();
        updated.SelectMany(n => n.UserIds).Should().Contain([owner.Id, member.Id]);
    }

    [Fact]
    public async Task The_owner_adds_friends_who_then_see_the_history_with_nothing_unread()
    {
        var (owner, bob, carol, dave) = await Factory.FriendsAsync(4) switch { var u => (u[0], u[1], u[2], u[3]) };
        var group = await owner.StartGroupAsync("team", bob);
        await owner.SendAsync(group.Id(), "welcome");

        var response = await owner.Client.PostAsJsonAsync($"/api/v1/conversations/{group.Id()}/members", new { userIds = new[] { carol.Id, bob.Id } });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.ReadJsonAsync()).GetProperty("participants").EnumerateArray().Select(p => p.Id()).Should().BeEquivalentTo([owner.Id, bob.Id, carol.Id]);
        var seenByCarol = await carol.GetJsonAsync($"/api/v1/conversations/{group.Id()}");
        seenByCarol.GetProperty("unreadCount").GetInt32().Should().Be(0);
        (await carol.HistoryAsync(group.Id())).Seqs().Should().Equal(1);

        Factory.Notifier.OfType("member_joined").Should().Contain(n =>
            n.Event.GetProperty("conversationId").GetGuid() == group.Id() && n.Event.GetProperty("user").Id() == carol.Id && n.UserIds.Contains(bob.Id));
        Factory.Notifier.OfType("conversation_created").Should().Contain(n =>
            n.Event.GetProperty("conversation").Id() == group.Id() && n.UserIds.SequenceEqual(new[] { carol.Id }));

        await (await bob.Client.PostAsJsonAsync($"/api/v1/conversations/{group.Id()}/members", new { userIds = new[] { dave.Id } })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_owner");
        var stranger = await Factory.RegisterUserAsync("stranger");
        await (await owner.Client.PostAsJsonAsync($"/api/v1/conversations/{group.Id()}/members", new { userIds = new[] { stranger.Id } })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_friends");
        await (await owner.Client.PostAsJsonAsync($"/api/v1/conversations/{group.Id()}/members", new { userIds = Array.Empty<Guid>() })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task The_owner_removes_anyone_members_leave_and_neither_reads_the_group_afterwards()
    {
        var (owner, bob, carol) = await Factory.FriendsAsync(3) switch { var u => (u[0], u[1], u[2]) };
        var group = await owner.StartGroupAsync("team", bob, carol);

        await (await bob.Client.DeleteAsync($"/api/v1/conversations/{group.Id()}/members/{carol.Id}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_owner");
        await (await owner.Client.DeleteAsync($"/api/v1/conversations/{group.Id()}/members/{carol.Id}")).ShouldBeNoContentAsync();
        await (await bob.Client.DeleteAsync($"/api/v1/conversations/{group.Id()}/members/{bob.Id}")).ShouldBeNoContentAsync();
        await (await owner.Client.DeleteAsync($"/api/v1/conversations/{group.Id()}/members/{bob.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");

        await (await carol.Client.GetAsync($"/api/v1/conversations/{group.Id()}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_a_participant");
        await (await bob.PostMessageAsync(group.Id(), "still here?")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_a_participant");
        Factory.Notifier.OfType("member_left").Should().Contain(n =>
            n.Event.GetProperty("conversationId").GetGuid() == group.Id() && n.Event.GetProperty("user").Id() == carol.Id
            && n.UserIds.Contains(carol.Id) && n.UserIds.Contains(owner.Id));
    }

    [Fact]
    public async Task When_the_owner_leaves_the_longest_standing_member_becomes_owner()
    {
        var (owner, first, later) = await Factory.FriendsAsync(3) switch { var u => (u[0], u[1], u[2]) };
        var group = await owner.StartGroupAsync("team", first);
        await owner.Client.PostAsJsonAsync($"/api/v1/conversations/{group.Id()}/members", new { userIds = new[] { later.Id } });

        await (await owner.Client.DeleteAsync($"/api/v1/conversations/{group.Id()}/members/{owner.Id}")).ShouldBeNoContentAsync();

        var roles = (await first.GetJsonAsync($"/api/v1/conversations/{group.Id()}")).GetProperty("participants").EnumerateArray()
            .ToDictionary(p => p.Id(), p => p.GetProperty("role").GetString());
        roles.Should().BeEquivalentTo(new Dictionary<Guid, string?> { [first.Id] = "owner", [later.Id] = "member" });
        (await first.Client.PatchAsJsonAsync($"/api/v1/conversations/{group.Id()}", new { title = "mine now" })).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
