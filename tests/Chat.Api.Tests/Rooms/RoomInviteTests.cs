using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Rooms;

/// <summary>Creating, previewing and accepting invites; max uses; racing acceptances.</summary>
public sealed class RoomInviteTests(RoomsApiFixture fixture) : IClassFixture<RoomsApiFixture>
{
    private RoomsApiFactory Factory => fixture.Factory;

    [Fact]
    public async Task Creating_an_invite_answers_its_code_limits_and_url()
    {
        var owner = await Factory.RegisterUserAsync("inviter");
        var roomId = await owner.CreateRoomIdAsync(isPublic: false);

        var response = await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/invites", new { maxUses = 3, expiresInSeconds = 3600 });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var invite = await response.ReadJsonAsync();
        var code = invite.GetProperty("code").GetString()!;
        code.Should().MatchRegex("^[A-Za-z0-9]{10}$");
        invite.GetProperty("roomId").GetGuid().Should().Be(roomId);
        invite.GetProperty("createdBy").GetGuid().Should().Be(owner.Id);
        invite.GetProperty("maxUses").GetInt32().Should().Be(3);
        invite.GetProperty("uses").GetInt32().Should().Be(0);
        invite.GetProperty("url").GetString().Should().Be($"/invites/{code}");
        var expiresAt = DateTimeOffset.Parse(invite.GetProperty("expiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        expiresAt.Should().BeCloseTo(Factory.Clock.GetUtcNow().AddHours(1), TimeSpan.FromSeconds(1));
        response.Headers.Location!.ToString().Should().Be($"/api/v1/invites/{code}");
    }

    [Fact]
    public async Task An_invite_without_a_body_never_expires_and_has_no_use_limit()
    {
        var owner = await Factory.RegisterUserAsync("nobody");
        var roomId = await owner.CreateRoomIdAsync();

        var invite = await (await owner.Client.PostAsync($"/api/v1/rooms/{roomId}/invites", null)).ReadJsonAsync();

        invite.GetProperty("expiresAt").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        invite.GetProperty("maxUses").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Theory]
    [InlineData("{\"maxUses\":0}", "maxUses")]
    [InlineData("{\"maxUses\":10001}", "maxUses")]
    [InlineData("{\"expiresInSeconds\":0}", "expiresInSeconds")]
    [InlineData("{\"expiresInSeconds\":2592001}", "expiresInSeconds")]
    public async Task Invite_limits_out_of_range_are_422(string body, string field)
    {
        var owner = await Factory.RegisterUserAsync("badinvite");
        var roomId = await owner.CreateRoomIdAsync();

        var response = await owner.Client.PostAsync($"/api/v1/rooms/{roomId}/invites", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
    }

    [Fact]
    public async Task Anyone_signed_in_can_preview_and_accept_an_invite_to_a_private_room()
    {
        var owner = await Factory.RegisterUserAsync("private");
        var guest = await Factory.RegisterUserAsync("guest");
        var roomId = await owner.CreateRoomIdAsync("Secret garden", isPublic: false);
        var code = await owner.CreateInviteAsync(roomId);

        var preview = await (await guest.Client.GetAsync($"/api/v1/invites/{code}")).ReadJsonAsync();
        preview.GetProperty("room").GetProperty("name").GetString().Should().Be("Secret garden");
        preview.GetProperty("room").GetProperty("myRole").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        preview.GetProperty("expiresAt").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);

        var accepted = await guest.Client.PostAsync($"/api/v1/invites/{code}/accept", null);

        accepted.StatusCode.Should().Be(HttpStatusCode.OK);
        var room = await accepted.ReadJsonAsync();
        room.GetProperty("id").GetGuid().Should().Be(roomId);
        room.GetProperty("myRole").GetString().Should().Be("member");
        (await guest.Client.GetAsync($"/api/v1/rooms/{roomId}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_code_is_404()
    {
        var user = await Factory.RegisterUserAsync("unknown");

        await (await user.Client.GetAsync("/api/v1/invites/NoSuchCode")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await user.Client.PostAsync("/api/v1/invites/NoSuchCode/accept", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_invite_is_404_once_its_uses_are_spent_and_members_accepting_again_spend_none()
    {
        var owner = await Factory.RegisterUserAsync("maxuses");
        var first = await Factory.RegisterUserAsync("first");
        var second = await Factory.RegisterUserAsync("second");
        var third = await Factory.RegisterUserAsync("third");
        var roomId = await owner.CreateRoomIdAsync(isPublic: false);
        var code = await owner.CreateInviteAsync(roomId, maxUses: 2);

        (await first.Client.PostAsync($"/api/v1/invites/{code}/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await first.Client.PostAsync($"/api/v1/invites/{code}/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await owner.Client.PostAsync($"/api/v1/invites/{code}/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await second.Client.PostAsync($"/api/v1/invites/{code}/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        await (await third.Client.GetAsync($"/api/v1/invites/{code}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await third.Client.PostAsync($"/api/v1/invites/{code}/accept", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await (await owner.Client.GetAsync($"/api/v1/rooms/{roomId}")).ReadJsonAsync()).GetProperty("memberCount").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task Concurrent_acceptances_never_exceed_max_uses()
    {
        var owner = await Factory.RegisterUserAsync("race");
        var racers = new List<TestUser>();
        for (var i = 0; i < 6; i++)
        {
            racers.Add(await Factory.RegisterUserAsync("racer"));
        }

        var roomId = await owner.CreateRoomIdAsync(isPublic: false);
        var code = await owner.CreateInviteAsync(roomId, maxUses: 2);

        var answers = await Task.WhenAll(racers.Select(r => r.Client.PostAsync($"/api/v1/invites/{code}/accept", null)));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).Should().BeLessThanOrEqualTo(2);
        answers.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.OK || a.StatusCode == HttpStatusCode.NotFound);
        var room = await (await owner.Client.GetAsync($"/api/v1/rooms/{roomId}")).ReadJsonAsync();
        room.GetProperty("memberCount").GetInt32().Should().Be(1 + answers.Count(a => a.StatusCode == HttpStatusCode.OK));
    }
}
