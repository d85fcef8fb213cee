using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;
using Chat.Api.Tests.Rooms;

namespace Chat.Api.Tests.Admin;

/// <summary>
/// The admin API (rest.md "Administration"): every action for an administrator (the bootstrap account), 403 for
/// anyone else, and each action in the audit log with who, what, target, reason and client address.
/// </summary>
public sealed class AdminApiTests : IAsyncLifetime
{
    private const string AdminName = "root_admin";
    private const string AdminAddress = "203.0.113.9";

    private ChatApiFactory _factory = null!;
    private TestUser _admin = null!;

    public async Task InitializeAsync()
    {
        _factory = await ChatApiFactory.CreateAsync(AdminSettings());
        _admin = await LoginAdminAsync(_factory);
        _admin.Client.DefaultRequestHeaders.Add(ClientAddressStartupFilter.Header, AdminAddress);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>The bootstrap administrator (created at start-up), plus <paramref name="more"/> settings.</summary>
    public static Dictionary<string, string?> AdminSettings(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>(more ?? [])
        {
            ["Chat:Bootstrap:AdminUsername"] = AdminName,
            ["Chat:Bootstrap:AdminPassword"] = ApiTestExtensions.Password,
        };
        return settings;
    }

    /// <summary>Signs the bootstrap administrator in.</summary>
    public static async Task<TestUser> LoginAdminAsync(ChatApiFactory factory)
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { username = AdminName, password = ApiTestExtensions.Password });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.ReadJsonAsync();
        var token = body.GetProperty("accessToken").GetString()!;
        return new TestUser(body.GetProperty("user").GetProperty("id").GetGuid(), AdminName, token, body.GetProperty("refreshToken").GetString()!, TestUser.Authorize(factory.CreateClient(), token));
    }

    [Fact]
    public async Task Every_admin_endpoint_refuses_a_user_who_is_not_an_administrator_and_audits_nothing()
    {
        var (owner, member) = (await _factory.RegisterUserAsync("owner"), await _factory.RegisterUserAsync("member"));
        var roomId = await owner.CreateRoomIdAsync("Refusals");
        await member.JoinAsync(roomId);
        var pair = await _factory.FriendsAsync(2);
        var conversation = pair[0];
        var message = await ConversationApi.SendAsync(conversation, (await conversation.StartDirectAsync(pair[1])).Id(), "hello");

        var calls = new Func<HttpClient, Task<HttpResponseMessage>>[]
        {
            c => c.GetAsync("/api/v1/admin/users"),
            c => c.GetAsync("/api/v1/admin/audit"),
            c => c.GetAsync("/api/v1/admin/stats"),
            c => c.DeleteAsync($"/api/v1/admin/messages/{message.Id()}"),
            c => c.DeleteAsync($"/api/v1/admin/rooms/{roomId}"),
            c => c.PostAsJsonAsync($"/api/v1/admin/rooms/{roomId}/bans", new { userId = member.Id }),
            // Invalid input too: a non-administrator learns nothing, not even that the request was malformed.
            c => c.GetAsync("/api/v1/admin/users?limit=1000"),
        };
        foreach (var call in calls)
        {
            await (await call(owner.Client)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            (await call(_factory.CreateClient())).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        (await AuditAsync()).Should().BeEmpty();
        (await conversation.GetJsonAsync($"/api/v1/messages/{message.Id()}")).GetProperty("isDeleted").GetBoolean().Should().BeFalse();
        (await owner.Client.GetAsync($"/api/v1/rooms/{roomId}/members")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_administrator_lists_and_searches_users_page_by_page()
    {
        var zed = await _factory.RegisterUserAsync("zz_listed");
        await _factory.RegisterUserAsync("zz_listed");
        await _factory.RegisterUserAsync("zz_listed");

        var first = await _admin.GetJsonAsync("/api/v1/admin/users?search=ZZ_LISTED&limit=2");
        var second = await _admin.GetJsonAsync($"/api/v1/admin/users?search=zz_listed&limit=2&cursor={first.GetProperty("nextCursor").GetString()}");

        var names = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(u => u.GetProperty("username").GetString()).ToList();
        names.Should().HaveCount(3).And.BeInAscendingOrder(StringComparer.OrdinalIgnoreCase).And.Contain(zed.Username);
        second.GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
        var row = first.GetProperty("items")[0];
        row.GetProperty("createdAt").GetString().Should().EndWith("+00:00");
        row.GetProperty("lastSeenAt").ValueKind.Should().Be(JsonValueKind.Null);
        row.GetProperty("displayName").GetString().Should().NotBeNullOrEmpty();

        await (await _admin.Client.GetAsync("/api/v1/admin/users?limit=0")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await _admin.Client.GetAsync("/api/v1/admin/users?cursor=%%%")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "bad_request");
    }

    [Fact]
    public async Task An_administrator_deletes_any_message_as_a_tombstone_and_the_audit_log_says_who_why_and_from_where()
    {
        var users = await _factory.FriendsAsync(2, "dm");
        var conversationId = (await users[0].StartDirectAsync(users[1])).Id();
        var abusive = await ConversationApi.SendAsync(users[1], conversationId, "something abusive");

        var response = await _admin.Client.DeleteAsync($"/api/v1/admin/messages/{abusive.Id()}?reason=harassment");

        await response.ShouldBeNoContentAsync();
        var tombstone = await users[0].GetJsonAsync($"/api/v1/messages/{abusive.Id()}");
        tombstone.GetProperty("isDeleted").GetBoolean().Should().BeTrue();
        var changes = await users[0].GetJsonAsync($"/api/v1/conversations/{conversationId}/changes?since={abusive.GetProperty("version").GetInt64()}");
        changes.GetProperty("items").EnumerateArray().Should().ContainSingle(m => m.GetProperty("id").GetGuid() == abusive.Id() && m.GetProperty("isDeleted").GetBoolean());

        var record = (await AuditAsync()).Should().ContainSingle().Subject;
        record.GetProperty("action").GetString().Should().Be("message.delete");
        record.GetProperty("targetType").GetString().Should().Be("message");
        record.GetProperty("targetId").GetString().Should().Be(abusive.Id().ToString());
        record.GetProperty("actorId").GetGuid().Should().Be(_admin.Id);
        record.GetProperty("actorUsername").GetString().Should().Be(AdminName);
        record.GetProperty("reason").GetString().Should().Be("harassment");
        record.GetProperty("clientAddress").GetString().Should().Be(AdminAddress);
        record.GetProperty("createdAt").GetString().Should().EndWith("+00:00");

        await (await _admin.Client.DeleteAsync($"/api/v1/admin/messages/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _admin.Client.DeleteAsync($"/api/v1/admin/messages/{abusive.Id()}?reason={new string('x', 501)}"))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        (await AuditAsync()).Should().HaveCount(1, "refused actions are not audited");
    }

    [Fact]
    public async Task An_administrator_deletes_any_room_with_its_channels()
    {
        var owner = await _factory.RegisterUserAsync("roomowner");
        var roomId = await owner.CreateRoomIdAsync("Spam central", isPublic: false);

        await (await _admin.Client.DeleteAsync($"/api/v1/admin/rooms/{roomId}?reason=spam")).ShouldBeNoContentAsync();

        await (await owner.Client.GetAsync($"/api/v1/rooms/{roomId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await owner.GetJsonAsync("/api/v1/conversations?kind=channel")).GetProperty("items").GetArrayLength().Should().Be(0);
        var record = (await AuditAsync("?action=room.delete")).Should().ContainSingle().Subject;
        record.GetProperty("targetId").GetString().Should().Be(roomId.ToString());
        record.GetProperty("reason").GetString().Should().Be("spam");
        await (await _admin.Client.DeleteAsync($"/api/v1/admin/rooms/{roomId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_administrator_bans_in_any_room_without_being_a_member_but_never_the_owner()
    {
        var owner = await _factory.RegisterUserAsync("roomowner");
        var troll = await _factory.RegisterUserAsync("troll");
        var roomId = await owner.CreateRoomIdAsync("Garden");
        await troll.JoinAsync(roomId);

        await (await _admin.Client.PostAsJsonAsync($"/api/v1/admin/rooms/{roomId}/bans", new { userId = troll.Id, reason = "spam links" })).ShouldBeNoContentAsync();

        await (await troll.Client.PostAsync($"/api/v1/rooms/{roomId}/join", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "banned");
        var bans = await owner.GetJsonAsync($"/api/v1/rooms/{roomId}/bans");
        var ban = bans.GetProperty("items").EnumerateArray().Should().ContainSingle().Subject;
        ban.GetProperty("reason").GetString().Should().Be("spam links");

        await (await _admin.Client.PostAsJsonAsync($"/api/v1/admin/rooms/{roomId}/bans", new { userId = owner.Id }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "role_too_low");
        await (await _admin.Client.PostAsJsonAsync($"/api/v1/admin/rooms/{roomId}/bans", new { userId = Guid.NewGuid() }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _admin.Client.PostAsJsonAsync($"/api/v1/admin/rooms/{Guid.NewGuid()}/bans", new { userId = troll.Id }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");

        var record = (await AuditAsync($"?targetId={troll.Id}")).Should().ContainSingle().Subject;
        record.GetProperty("action").GetString().Should().Be("room.ban");
        record.GetProperty("targetType").GetString().Should().Be("user");
        record.GetProperty("reason").GetString().Should().Be($"room {roomId}: spam links");
    }

    [Fact]
    public async Task The_audit_log_pages_newest_first_and_filters_by_action_actor_and_target()
    {
        var owner = await _factory.RegisterUserAsync("roomowner");
        var rooms = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            rooms.Add(await owner.CreateRoomIdAsync($"Room {i}"));
            await (await _admin.Client.DeleteAsync($"/api/v1/admin/rooms/{rooms[^1]}")).ShouldBeNoContentAsync();
        }

        var first = await _admin.GetJsonAsync("/api/v1/admin/audit?limit=2");
        var second = await _admin.GetJsonAsync($"/api/v1/admin/audit?limit=2&cursor={first.GetProperty("nextCursor").GetString()}");
        var targets = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(r => Guid.Parse(r.GetProperty("targetId").GetString()!)).ToList();
        targets.Should().Equal(rooms[2], rooms[1], rooms[0]);
        second.GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);

        (await AuditAsync($"?actorId={_admin.Id}")).Should().HaveCount(3);
        (await AuditAsync($"?actorId={owner.Id}")).Should().BeEmpty();
        (await AuditAsync("?action=message.delete")).Should().BeEmpty();
        (await AuditAsync($"?targetId={rooms[1]}")).Should().ContainSingle();
        await (await _admin.Client.GetAsync("/api/v1/admin/audit?limit=101")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    private async Task<List<JsonElement>> AuditAsync(string query = "") =>
        (await _admin.GetJsonAsync("/api/v1/admin/audit" + query)).GetProperty("items").EnumerateArray().ToList();
}
