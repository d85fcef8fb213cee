using System.Net;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;

namespace Chat.Api.Tests.Friends;

/// <summary>
/// The friends and blocks story once through on PostgreSQL: the same queries (ordered pairs, id cursors, the joins of
/// the lists) must answer as they do on SQLite.
/// </summary>
public sealed class FriendsOnPostgresTests
{
    [PostgresFact]
    public Task Requests_friends_and_blocks_list_page_and_refuse_the_same_on_postgres() => Requests_friends_and_blocks_list_page_and_refuse_the_sameAsync(DatabaseProvider.Postgres);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public Task Requests_friends_and_blocks_list_page_and_refuse_the_same_on_sql_server() => Requests_friends_and_blocks_list_page_and_refuse_the_sameAsync(DatabaseProvider.SqlServer);

    private static async Task Requests_friends_and_blocks_list_page_and_refuse_the_sameAsync(DatabaseProvider provider)
    {
        await using var factory = await ChatApiFactory.CreateAsync(provider);
        var hub = await factory.RegisterUserAsync("hub");
        var others = new List<TestUser>();
        var incoming = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var other = await factory.RegisterUserAsync($"o{i}");
            others.Add(other);
            incoming.Add(await other.RequestFriendshipAsync(hub));
        }

        var firstPage = await hub.GetJsonAsync("/api/v1/friends/requests?direction=incoming&limit=2");
        var secondPage = await hub.GetJsonAsync($"/api/v1/friends/requests?direction=incoming&limit=2&cursor={firstPage.GetProperty("nextCursor").GetString()}");
        firstPage.Ids(r => r.GetProperty("id")).Concat(secondPage.Ids(r => r.GetProperty("id"))).Should().Equal(incoming[2], incoming[1], incoming[0]);
        (await others[0].RequestIdsAsync("outgoing")).Should().Equal(incoming[0]);

        await (await others[0].AcceptAsync(incoming[0])).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_addressee");
        (await hub.AcceptAsync(incoming[0])).StatusCode.Should().Be(HttpStatusCode.OK);
        (await hub.SendFriendRequestAsync(others[1].Id)).StatusCode.Should().Be(HttpStatusCode.OK, "asking back accepts");
        await (await hub.SendFriendRequestAsync(others[1].Id)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_friends");
        (await hub.DeclineAsync(incoming[2])).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var friends = await hub.GetJsonAsync("/api/v1/friends?limit=1");
        var moreFriends = await hub.GetJsonAsync($"/api/v1/friends?limit=1&cursor={friends.GetProperty("nextCursor").GetString()}");
        friends.Ids(f => f.GetProperty("user").GetProperty("id")).Concat(moreFriends.Ids(f => f.GetProperty("user").GetProperty("id")))
            .Should().Equal(others.Take(2).OrderBy(o => o.Username.ToLowerInvariant(), StringComparer.Ordinal).Select(o => o.Id));

        (await hub.BlockAsync(others[0].Id)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await hub.BlockAsync(others[2].Id)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await hub.FriendIdsAsync()).Should().Equal(others[1].Id);
        var blocks = await hub.GetJsonAsync("/api/v1/blocks?limit=1");
        var moreBlocks = await hub.GetJsonAsync($"/api/v1/blocks?limit=1&cursor={blocks.GetProperty("nextCursor").GetString()}");
        blocks.Ids(u => u.GetProperty("id")).Concat(moreBlocks.Ids(u => u.GetProperty("id"))).Should().Equal(others[2].Id, others[0].Id);
        await (await others[0].SendFriendRequestAsync(hub.Id)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "blocked");

        (await hub.UnblockAsync(others[0].Id)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await others[0].RequestFriendshipAsync(hub);
    }
}
