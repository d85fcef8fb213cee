using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Rooms;

/// <summary>Create, list, discover, get, update and delete rooms.</summary>
public sealed class RoomEndpointsTests(RoomsApiFixture fixture) : IClassFixture<RoomsApiFixture>
{
    private RoomsApiFactory Factory => fixture.Factory;

    [Fact]
    public async Task Creating_a_room_makes_the_caller_its_owner()
    {
        var owner = await Factory.RegisterUserAsync("creator");

        var response = await owner.Client.PostAsJsonAsync("/api/v1/rooms",
            new { name = "  Book Club ", description = "Books", iconUrl = "https://example.com/i.png", isPublic = false });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var room = await response.ReadJsonAsync();
        var id = room.GetProperty("id").GetGuid();
        id.Version.Should().Be(7);
        response.Headers.Location!.ToString().Should().Be($"/api/v1/rooms/{id}");
        room.GetProperty("name").GetString().Should().Be("Book Club");
        room.GetProperty("description").GetString().Should().Be("Books");
        room.GetProperty("iconUrl").GetString().Should().Be("https://example.com/i.png");
        room.GetProperty("isPublic").GetBoolean().Should().BeFalse();
        room.GetProperty("ownerId").GetGuid().Should().Be(owner.Id);
        room.GetProperty("memberCount").GetInt32().Should().Be(1);
        room.GetProperty("myRole").GetString().Should().Be("owner");
        room.GetProperty("createdAt").GetString().Should().EndWith("+00:00");
    }

    [Theory]
    [InlineData("{\"name\":\"\",\"isPublic\":true}", "name")]
    [InlineData("{\"name\":\"   \",\"isPublic\":true}", "name")]
    [InlineData("{\"isPublic\":true}", "name")]
    [InlineData("{\"name\":\"ok\",\"iconUrl\":\"ftp://example.com/i.png\"}", "iconUrl")]
    [InlineData("{\"name\":\"ok\",\"iconUrl\":\"/relative.png\"}", "iconUrl")]
    public async Task Invalid_room_fields_are_422_with_the_field_named(string body, string field)
    {
        var owner = await Factory.RegisterUserAsync("invalid");

        var response = await owner.Client.PostAsync("/api/v1/rooms", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
    }

    [Fact]
    public async Task Names_and_descriptions_over_their_limits_are_422()
    {
        var owner = await Factory.RegisterUserAsync("limits");

        var longName = await owner.Client.PostAsJsonAsync("/api/v1/rooms", new { name = new string('n', 101), isPublic = true });
        var longDescription = await owner.Client.PostAsJsonAsync("/api/v1/rooms", new { name = "ok", description = new string('d', 1001), isPublic = true });
        var atLimits = await owner.Client.PostAsJsonAsync("/api/v1/rooms", new { name = new string('n', 100), description = new string('d', 1000), isPublic = true });

        await longName.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await longDescription.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        atLimits.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_malformed_body_is_400()
    {
        var owner = await Factory.RegisterUserAsync("malformed");

        var response = await owner.Client.PostAsync("/api/v1/rooms", new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "bad_request");
    }

    [Fact]
    public async Task Rooms_need_a_signed_in_caller()
    {
        var response = await Factory.CreateClient().GetAsync("/api/v1/rooms");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task My_rooms_lists_the_rooms_I_belong_to_by_name_in_pages()
    {
        var me = await Factory.RegisterUserAsync("mine");
        var other = await Factory.RegisterUserAsync("other");
        await me.CreateRoomIdAsync("Charlie", isPublic: false);
        await me.CreateRoomIdAsync("alpha");
        var joined = await other.CreateRoomIdAsync("Bravo");
        await other.CreateRoomIdAsync("Not mine");
        await me.JoinAsync(joined);

        var first = await (await me.Client.GetAsync("/api/v1/rooms?limit=2")).ReadJsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await me.Client.GetAsync($"/api/v1/rooms?limit=2&cursor={cursor}")).ReadJsonAsync();

        first.Items().Select(r => r.GetProperty("name").GetString()).Should().Equal("alpha", "Bravo");
        first.Items().Select(r => r.GetProperty("myRole").GetString()).Should().Equal("owner", "member");
        second.Items().Select(r => r.GetProperty("name").GetString()).Should().Equal("Charlie");
        second.GetProperty("nextCursor").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Theory]
    [InlineData("?cursor=not-a-cursor", HttpStatusCode.BadRequest, "bad_request")]
    [InlineData("?limit=0", HttpStatusCode.UnprocessableEntity, "validation_failed")]
    [InlineData("?limit=101", HttpStatusCode.UnprocessableEntity, "validation_failed")]
    [InlineData("?limit=abc", HttpStatusCode.BadRequest, "bad_request")]
    public async Task Bad_paging_parameters_are_refused(string query, HttpStatusCode status, string code)
    {
        var me = await Factory.RegisterUserAsync("paging");

        var response = await me.Client.GetAsync("/api/v1/rooms" + query);

        await response.ShouldBeProblemAsync(status, code);
    }

    [Fact]
    public async Task Discover_lists_public_rooms_matching_a_case_insensitive_name_prefix_in_pages()
    {
        var owner = await Factory.RegisterUserAsync("discover");
        var prefix = "Zq" + Guid.NewGuid().ToString("N")[..6];
        await owner.CreateRoomIdAsync(prefix + " One");
        await owner.CreateRoomIdAsync(prefix + " Three");
        await owner.CreateRoomIdAsync(prefix + " Two");
        await owner.CreateRoomIdAsync(prefix + " Secret", isPublic: false);
        await owner.CreateRoomIdAsync("Other " + prefix);
        var stranger = await Factory.RegisterUserAsync("stranger");

        var first = await (await stranger.Client.GetAsync($"/api/v1/rooms/discover?search={prefix.ToUpperInvariant()}&limit=2")).ReadJsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await stranger.Client.GetAsync($"/api/v1/rooms/discover?search={prefix.ToLowerInvariant()}&limit=2&cursor={cursor}")).ReadJsonAsync();

        first.Items().Select(r => r.GetProperty("name").GetString()).Should().Equal(prefix + " One", prefix + " Three");
        first.Items().Should().AllSatisfy(r => r.GetProperty("myRole").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null));
        second.Items().Select(r => r.GetProperty("name").GetString()).Should().Equal(prefix + " Two");
        second.GetProperty("nextCursor").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task A_private_room_is_404_to_outsiders_and_an_unknown_room_is_404()
    {
        var owner = await Factory.RegisterUserAsync("private");
        var outsider = await Factory.RegisterUserAsync("outsider");
        var roomId = await owner.CreateRoomIdAsync("Hidden", isPublic: false);

        await (await outsider.Client.GetAsync($"/api/v1/rooms/{roomId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await owner.Client.GetAsync($"/api/v1/rooms/{Guid.CreateVersion7()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await owner.Client.GetAsync("/api/v1/rooms/not-a-guid")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_public_room_is_visible_to_anyone_without_a_role()
    {
        var owner = await Factory.RegisterUserAsync("public");
        var outsider = await Factory.RegisterUserAsync("viewer");
        var roomId = await owner.CreateRoomIdAsync("Open");

        var room = await (await outsider.Client.GetAsync($"/api/v1/rooms/{roomId}")).ReadJsonAsync();

        room.GetProperty("name").GetString().Should().Be("Open");
        room.GetProperty("myRole").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task Updating_changes_only_the_given_fields_and_empty_clears()
    {
        var owner = await Factory.RegisterUserAsync("update");
        var roomId = (await owner.CreateRoomAsync("Before", description: "Old")).GetProperty("id").GetGuid();

        var response = await owner.Client.PatchAsJsonAsync($"/api/v1/rooms/{roomId}", new { name = "After", description = "", isPublic = false });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var room = await response.ReadJsonAsync();
        room.GetProperty("name").GetString().Should().Be("After");
        room.GetProperty("description").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        room.GetProperty("isPublic").GetBoolean().Should().BeFalse();
        room.GetProperty("myRole").GetString().Should().Be("owner");
    }

    [Fact]
    public async Task Updating_with_invalid_fields_is_422()
    {
        var owner = await Factory.RegisterUserAsync("badupdate");
        var roomId = await owner.CreateRoomIdAsync();

        var response = await owner.Client.PatchAsJsonAsync($"/api/v1/rooms/{roomId}", new { name = " ", iconUrl = "javascript:alert(1)" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        problem.GetProperty("errors").TryGetProperty("name", out _).Should().BeTrue();
        problem.GetProperty("errors").TryGetProperty("iconUrl", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Deleting_a_room_removes_it_for_everyone()
    {
        var owner = await Factory.RegisterUserAsync("delete");
        var member = await Factory.RegisterUserAsync("deletemember");
        var roomId = await owner.CreateRoomIdAsync("Doomed");
        await member.JoinAsync(roomId);
        await owner.CreateInviteAsync(roomId);

        (await owner.Client.DeleteAsync($"/api/v1/rooms/{roomId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await member.Client.GetAsync($"/api/v1/rooms/{roomId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await (await member.Client.GetAsync("/api/v1/rooms")).ReadJsonAsync()).Items().Should().BeEmpty();
        await (await owner.Client.DeleteAsync($"/api/v1/rooms/{roomId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
