using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Rooms;

/// <summary>Join, leave, transfer, members, roles, kicks and bans.</summary>
public sealed class RoomMembershipTests(RoomsApiFixture fixture) : IClassFixture<RoomsApiFixture>
{
    private RoomsApiFactory Factory => fixture.Factory;

    [Fact]
    public async Task Joining_a_public_room_answers_the_room_as_a_member_and_joining_again_is_409()
    {
        var owner = await Factory.RegisterUserAsync("owner");
        var joiner = await Factory.RegisterUserAsync("joiner");
        var roomId = await owner.CreateRoomIdAsync();

        var room = await (await joiner.Client.PostAsync($"/api/v1/rooms/{roomId}/join", null)).ReadJsonAsync();

        room.GetProperty("myRole").GetString().Should().Be("member");
        room.GetProperty("memberCount").GetInt32().Should().Be(2);
        await (await joiner.Client.PostAsync($"/api/v1/rooms/{roomId}/join", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_member");
    }

    [Fact]
    public async Task Joining_an_unknown_room_is_404()
    {
        var user = await Factory.RegisterUserAsync("lost");

        var response = await user.Client.PostAsync($"/api/v1/rooms/{Guid.CreateVersion7()}/join", null);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_owner_must_transfer_before_leaving_and_then_can_leave()
    {
        var owner = await Factory.RegisterUserAsync("leaver");
        var heir = await Factory.RegisterUserAsync("heir");
        var roomId = await owner.CreateRoomIdAsync();
        await heir.JoinAsync(roomId);

        await (await owner.Client.PostAsync($"/api/v1/rooms/{roomId}/leave", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "owner_must_transfer");
        (await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/transfer", new { userId = heir.Id })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await owner.Client.PostAsync($"/api/v1/rooms/{roomId}/leave", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var room = await (await heir.Client.GetAsync($"/api/v1/rooms/{roomId}")).ReadJsonAsync();
        room.GetProperty("ownerId").GetGuid().Should().Be(heir.Id);
        room.GetProperty("myRole").GetString().Should().Be("owner");
        room.GetProperty("memberCount").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Transferring_makes_the_previous_owner_an_admin()
    {
        var owner = await Factory.RegisterUserAsync("transfer");
        var heir = await Factory.RegisterUserAsync("newowner");
        var roomId = await owner.CreateRoomIdAsync();
        await heir.JoinAsync(roomId);

        await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/transfer", new { userId = heir.Id });

        var room = await (await owner.Client.GetAsync($"/api/v1/rooms/{roomId}")).ReadJsonAsync();
        room.GetProperty("myRole").GetString().Should().Be("admin");
        await (await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/transfer", new { userId = owner.Id }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "role_too_low");
    }

    [Fact]
    public async Task Transferring_to_a_non_member_is_404_to_yourself_400_and_without_a_user_422()
    {
        var owner = await Factory.RegisterUserAsync("badtransfer");
        var outsider = await Factory.RegisterUserAsync("notmember");
        var roomId = await owner.CreateRoomIdAsync();

        await (await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/transfer", new { userId = outsider.Id })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/transfer", new { userId = owner.Id })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "bad_request");
        await (await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/transfer", new { })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task Members_are_listed_in_join_order_in_pages_with_their_roles()
    {
        var owner = await Factory.RegisterUserAsync("lister");
        var second = await Factory.RegisterUserAsync("second");
        var third = await Factory.RegisterUserAsync("third");
        var roomId = await owner.CreateRoomIdAsync();
        await owner.AddAsync(roomId, second, "moderator");
        await third.JoinAsync(roomId);

        var first = await (await third.Client.GetAsync($"/api/v1/rooms/{roomId}/members?limit=2")).ReadJsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString();
        var rest = await (await third.Client.GetAsync($"/api/v1/rooms/{roomId}/members?limit=2&cursor={cursor}")).ReadJsonAsync();

        first.Items().Select(m => (m.GetProperty("user").GetProperty("id").GetGuid(), m.GetProperty("role").GetString()))
            .Should().Equal((owner.Id, "owner"), (second.Id, "moderator"));
        first.Items().First().GetProperty("user").GetProperty("username").GetString().Should().Be(owner.Username);
        first.Items().First().GetProperty("joinedAt").GetString().Should().EndWith("+00:00");
        rest.Items().Select(m => m.GetProperty("user").GetProperty("id").GetGuid()).Should().Equal(third.Id);
        rest.GetProperty("nextCursor").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task Adding_a_member_answers_201_with_the_membership()
    {
        var owner = await Factory.RegisterUserAsync("adder");
        var added = await Factory.RegisterUserAsync("added");
        var roomId = await owner.CreateRoomIdAsync(isPublic: false);

        var response = await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/members", new { userId = added.Id });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var member = await response.ReadJsonAsync();
        member.GetProperty("user").GetProperty("id").GetGuid().Should().Be(added.Id);
        member.GetProperty("role").GetString().Should().Be("member");
        (await added.Client.GetAsync($"/api/v1/rooms/{roomId}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Adding_an_unknown_user_is_404_a_member_409_and_a_banned_user_403()
    {
        var owner = await Factory.RegisterUserAsync("addfail");
        var member = await Factory.RegisterUserAsync("already");
        var banned = await Factory.RegisterUserAsync("bannedadd");
        var roomId = await owner.CreateRoomIdAsync();
        await member.JoinAsync(roomId);
        await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/bans", new { userId = banned.Id });

        await (await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/members", new { userId = Guid.CreateVersion7() })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/members", new { userId = member.Id })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_member");
        await (await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/members", new { userId = banned.Id })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "banned");
        await (await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/members", new { })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task Changing_a_role_answers_the_membership()
    {
        var owner = await Factory.RegisterUserAsync("promoter");
        var member = await Factory.RegisterUserAsync("promoted");
        var roomId = await owner.CreateRoomIdAsync();
        await member.JoinAsync(roomId);

        var response = await owner.Client.PatchAsJsonAsync($"/api/v1/rooms/{roomId}/members/{member.Id}", new { role = "admin" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.ReadJsonAsync()).GetProperty("role").GetString().Should().Be("admin");
    }

    [Theory]
    [InlineData("{\"role\":\"owner\"}", HttpStatusCode.UnprocessableEntity, "validation_failed")]
    [InlineData("{}", HttpStatusCode.UnprocessableEntity, "validation_failed")]
    [InlineData("{\"role\":7}", HttpStatusCode.UnprocessableEntity, "validation_failed")]
    [InlineData("{\"role\":\"emperor\"}", HttpStatusCode.BadRequest, "bad_request")]
    public async Task Invalid_roles_are_refused(string body, HttpStatusCode status, string code)
    {
        var owner = await Factory.RegisterUserAsync("badrole");
        var member = await Factory.RegisterUserAsync("badroletarget");
        var roomId = await owner.CreateRoomIdAsync();
        await member.JoinAsync(roomId);

        var response = await owner.Client.PatchAsync($"/api/v1/rooms/{roomId}/members/{member.Id}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync(status, code);
    }

    [Theory]
    // Owner sets any role below owner on anyone else.
    [InlineData("owner", "admin", "member", HttpStatusCode.OK)]
    [InlineData("owner", "moderator", "admin", HttpStatusCode.OK)]
    // Admin sets moderator or member on members below admin.
    [InlineData("admin", "member", "moderator", HttpStatusCode.OK)]
    [InlineData("admin", "moderator", "member", HttpStatusCode.OK)]
    [InlineData("admin", "member", "admin", HttpStatusCode.Forbidden)]
    [InlineData("admin", "admin", "member", HttpStatusCode.Forbidden)]
    [InlineData("moderator", "member", "moderator", HttpStatusCode.Forbidden)]
    public async Task Role_changes_follow_the_rank_rules(string actorRole, string targetRole, string newRole, HttpStatusCode expected)
    {
        var (roomId, actor, target) = await RoomWithAsync(actorRole, targetRole);

        var response = await actor.Client.PatchAsJsonAsync($"/api/v1/rooms/{roomId}/members/{target.Id}", new { role = newRole });

        if (expected == HttpStatusCode.OK)
        {
            (await response.ReadJsonAsync()).GetProperty("role").GetString().Should().Be(newRole);
        }
        else
        {
            await response.ShouldBeProblemAsync(expected, "role_too_low");
        }
    }

    [Theory]
    [InlineData("moderator", "member", HttpStatusCode.NoContent)]
    [InlineData("moderator", "moderator", HttpStatusCode.Forbidden)]
    [InlineData("moderator", "admin", HttpStatusCode.Forbidden)]
    [InlineData("admin", "moderator", HttpStatusCode.NoContent)]
    [InlineData("admin", "admin", HttpStatusCode.Forbidden)]
    [InlineData("admin", "owner", HttpStatusCode.Forbidden)]
    [InlineData("owner", "admin", HttpStatusCode.NoContent)]
    public async Task Kicks_and_bans_work_only_over_a_lower_role(string actorRole, string targetRole, HttpStatusCode expected)
    {
        var (kickRoom, kicker, kicked) = await RoomWithAsync(actorRole, targetRole);
        var (banRoom, banner, banned) = await RoomWithAsync(actorRole, targetRole);

        var kick = await kicker.Client.DeleteAsync($"/api/v1/rooms/{kickRoom}/members/{kicked.Id}");
        var ban = await banner.Client.PostAsJsonAsync($"/api/v1/rooms/{banRoom}/bans", new { userId = banned.Id });

        foreach (var response in new[] { kick, ban })
        {
            if (expected == HttpStatusCode.NoContent)
            {
                response.StatusCode.Should().Be(HttpStatusCode.NoContent);
            }
            else
            {
                await response.ShouldBeProblemAsync(expected, "role_too_low");
            }
        }
    }

    [Fact]
    public async Task A_kicked_member_may_join_again_and_kicking_a_non_member_is_404()
    {
        var owner = await Factory.RegisterUserAsync("kicker");
        var member = await Factory.RegisterUserAsync("kicked");
        var roomId = await owner.CreateRoomIdAsync();
        await member.JoinAsync(roomId);

        (await owner.Client.DeleteAsync($"/api/v1/rooms/{roomId}/members/{member.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await member.Client.GetAsync($"/api/v1/rooms/{roomId}/members")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_a_member");
        await (await owner.Client.DeleteAsync($"/api/v1/rooms/{roomId}/members/{member.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await member.JoinAsync(roomId);
    }

    [Fact]
    public async Task A_ban_removes_the_membership_and_keeps_the_user_out_until_lifted()
    {
        var owner = await Factory.RegisterUserAsync("banner");
        var member = await Factory.RegisterUserAsync("bannee");
        var roomId = await owner.CreateRoomIdAsync();
        await member.JoinAsync(roomId);
        var code = await owner.CreateInviteAsync(roomId);

        (await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/bans", new { userId = member.Id, reason = "spam" })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var room = await (await owner.Client.GetAsync($"/api/v1/rooms/{roomId}")).ReadJsonAsync();
        room.GetProperty("memberCount").GetInt32().Should().Be(1);
        await (await member.Client.PostAsync($"/api/v1/rooms/{roomId}/join", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "banned");
        await (await member.Client.PostAsync($"/api/v1/invites/{code}/accept", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "banned");
        var bans = await (await owner.Client.GetAsync($"/api/v1/rooms/{roomId}/bans")).ReadJsonAsync();
        var ban = bans.Items().Single();
        ban.GetProperty("user").GetProperty("id").GetGuid().Should().Be(member.Id);
        ban.GetProperty("reason").GetString().Should().Be("spam");
        ban.GetProperty("bannedBy").GetGuid().Should().Be(owner.Id);

        (await owner.Client.DeleteAsync($"/api/v1/rooms/{roomId}/bans/{member.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await member.JoinAsync(roomId);
    }

    [Fact]
    public async Task Banning_twice_changes_nothing_and_a_user_can_be_banned_before_joining()
    {
        var owner = await Factory.RegisterUserAsync("preban");
        var stranger = await Factory.RegisterUserAsync("prebanned");
        var roomId = await owner.CreateRoomIdAsync();

        (await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/bans", new { userId = stranger.Id })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/bans", new { userId = stranger.Id })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await stranger.Client.PostAsync($"/api/v1/rooms/{roomId}/join", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "banned");
        (await (await owner.Client.GetAsync($"/api/v1/rooms/{roomId}/bans")).ReadJsonAsync()).Items().Should().ContainSingle();
    }

    [Fact]
    public async Task Ban_failures_unknown_user_404_self_403_long_reason_422_and_unbanning_a_non_banned_user_404()
    {
        var owner = await Factory.RegisterUserAsync("banfail");
        var stranger = await Factory.RegisterUserAsync("banfailtarget");
        var roomId = await owner.CreateRoomIdAsync();

        await (await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/bans", new { userId = Guid.CreateVersion7() })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/bans", new { userId = owner.Id })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "role_too_low");
        await (await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/bans", new { userId = stranger.Id, reason = new string('r', 501) }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await owner.Client.DeleteAsync($"/api/v1/rooms/{roomId}/bans/{stranger.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    /// <summary>A public room owned by a fresh user, with an actor and a target of the given roles.</summary>
    private async Task<(Guid RoomId, TestUser Actor, TestUser Target)> RoomWithAsync(string actorRole, string targetRole)
    {
        var owner = await Factory.RegisterUserAsync("rankowner");
        var roomId = await owner.CreateRoomIdAsync();

        async Task<TestUser> UserWith(string role)
        {
            if (role == "owner")
            {
                return owner;
            }

            var user = await Factory.RegisterUserAsync(role);
            await owner.AddAsync(roomId, user, role == "member" ? null : role);
            return user;
        }

        var actor = await UserWith(actorRole);
        var target = targetRole == actorRole && actorRole == "owner" ? owner : await UserWith(targetRole);
        return (roomId, actor, target);
    }
}
