using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;

namespace Chat.Api.Tests.Rooms;

/// <summary>The room queries that lean on provider SQL — name and id cursors, prefix search, partial loads, cascades — on PostgreSQL.</summary>
public sealed class RoomPostgresTests
{
    [PostgresFact]
    public Task Room_lists_search_and_page_on_postgres() => Room_lists_search_and_pageAsync(DatabaseProvider.Postgres);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public Task Room_lists_search_and_page_on_sql_server() => Room_lists_search_and_pageAsync(DatabaseProvider.SqlServer);

    private static async Task Room_lists_search_and_pageAsync(DatabaseProvider provider)
    {
        await using var factory = await RoomsApiFactory.CreateRoomsAsync(provider);
        var owner = await factory.RegisterUserAsync("pgowner");
        var other = await factory.RegisterUserAsync("pgother");
        foreach (var name in new[] { "Delta", "alpha", "Charlie", "bravo" })
        {
            await owner.CreateRoomIdAsync(name);
        }

        await owner.CreateRoomIdAsync("alpine secret", isPublic: false);
        var mineFirst = await (await owner.Client.GetAsync("/api/v1/rooms?limit=3")).ReadJsonAsync();
        var mineRest = await (await owner.Client.GetAsync($"/api/v1/rooms?limit=3&cursor={mineFirst.GetProperty("nextCursor").GetString()}")).ReadJsonAsync();
        var found = await (await other.Client.GetAsync("/api/v1/rooms/discover?search=AL")).ReadJsonAsync();

        mineFirst.Items().Concat(mineRest.Items()).Select(r => r.GetProperty("name").GetString())
            .Should().Equal("alpha", "alpine secret", "bravo", "Charlie", "Delta");
        found.Items().Select(r => r.GetProperty("name").GetString()).Should().Equal("alpha");
    }

    [PostgresFact]
    public Task Membership_invites_bans_and_deletion_work_on_postgres() => Membership_invites_bans_and_deletion_workAsync(DatabaseProvider.Postgres);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public Task Membership_invites_bans_and_deletion_work_on_sql_server() => Membership_invites_bans_and_deletion_workAsync(DatabaseProvider.SqlServer);

    private static async Task Membership_invites_bans_and_deletion_workAsync(DatabaseProvider provider)
    {
        await using var factory = await RoomsApiFactory.CreateRoomsAsync(provider);
        var owner = await factory.RegisterUserAsync("pgowner");
        var guest = await factory.RegisterUserAsync("pgguest");
        var rogue = await factory.RegisterUserAsync("pgrogue");
        var roomId = await owner.CreateRoomIdAsync("Private", isPublic: false);
        var code = await owner.CreateInviteAsync(roomId, maxUses: 1);

        (await guest.Client.PostAsync($"/api/v1/invites/{code}/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await rogue.Client.PostAsync($"/api/v1/invites/{code}/accept", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await owner.AddAsync(roomId, rogue, "moderator");
        (await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/bans", new { userId = rogue.Id })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var members = await (await guest.Client.GetAsync($"/api/v1/rooms/{roomId}/members?limit=1")).ReadJsonAsync();
        var rest = await (await guest.Client.GetAsync($"/api/v1/rooms/{roomId}/members?limit=1&cursor={members.GetProperty("nextCursor").GetString()}")).ReadJsonAsync();

        members.Items().Concat(rest.Items()).Select(m => m.GetProperty("user").GetProperty("id").GetGuid()).Should().Equal(owner.Id, guest.Id);
        (await owner.Client.DeleteAsync($"/api/v1/rooms/{roomId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await guest.Client.GetAsync($"/api/v1/rooms/{roomId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [PostgresFact]
    public Task Channels_follow_membership_and_go_with_their_room_on_postgres() => Channels_follow_membership_and_go_with_their_roomAsync(DatabaseProvider.Postgres);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public Task Channels_follow_membership_and_go_with_their_room_on_sql_server() => Channels_follow_membership_and_go_with_their_roomAsync(DatabaseProvider.SqlServer);

    private static async Task Channels_follow_membership_and_go_with_their_roomAsync(DatabaseProvider provider)
    {
        await using var factory = await RoomsApiFactory.CreateRoomsAsync(provider);
        var owner = await factory.RegisterUserAsync("pgchowner");
        var member = await factory.RegisterUserAsync("pgchmember");
        var roomId = await owner.CreateRoomIdAsync();
        await member.JoinAsync(roomId);
        // The join point is a time (decision 0012) and this clock stands still: later sends must come later.
        factory.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var general = await owner.GeneralChannelAsync(roomId);
        var random = await owner.CreateChannelAsync(roomId, "random");
        await member.SendAsync(random, "hello");
        var messageId = await owner.SendAsync(general, "welcome");

        (await member.ChannelsAsync(roomId)).Select(c => c.GetProperty("unreadCount").GetInt32()).Should().Equal(1, 0);
        (await owner.Client.DeleteAsync($"/api/v1/rooms/{roomId}/members/{member.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await member.Client.GetAsync($"/api/v1/conversations/{general}/messages")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_a_participant");
        (await owner.Client.DeleteAsync($"/api/v1/rooms/{roomId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await owner.Client.GetAsync($"/api/v1/messages/{messageId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
