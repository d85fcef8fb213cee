using System.Net;
using Chat.Api.Tests.Infrastructure;
using Chat.Domain.Friends;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Chat.Api.Tests.Friends;

/// <summary>Exactly one friendship per pair, even when both users ask each other at the same instant.</summary>
public sealed class FriendshipConcurrencyTests
{
    private const int Pairs = 20;

    [Fact]
    public Task Crossing_requests_make_exactly_one_friendship_per_pair_on_sqlite() => CrossingRequestsAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Crossing_requests_make_exactly_one_friendship_per_pair_on_postgres() => CrossingRequestsAsync(DatabaseProvider.Postgres);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public Task Crossing_requests_make_exactly_one_friendship_per_pair_on_sql_server() => CrossingRequestsAsync(DatabaseProvider.SqlServer);

    [Fact]
    public Task Repeated_requests_in_one_direction_make_one_request_on_sqlite() => SameDirectionAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Repeated_requests_in_one_direction_make_one_request_on_postgres() => SameDirectionAsync(DatabaseProvider.Postgres);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public Task Repeated_requests_in_one_direction_make_one_request_on_sql_server() => SameDirectionAsync(DatabaseProvider.SqlServer);

    private static async Task CrossingRequestsAsync(DatabaseProvider provider)
    {
        await using var factory = await ChatApiFactory.CreateAsync(provider);
        var pairs = new List<(TestUser A, TestUser B)>();
        for (var i = 0; i < Pairs; i++)
        {
            pairs.Add((await factory.RegisterUserAsync("a"), await factory.RegisterUserAsync("b")));
        }

        // Every pair's two requests, all started together.
        using var start = new SemaphoreSlim(0);
        var calls = pairs.SelectMany(p => new[] { (From: p.A, To: p.B), (From: p.B, To: p.A) })
            .Select(async c =>
            {
                await start.WaitAsync();
                return (c.From, c.To, Response: await c.From.SendFriendRequestAsync(c.To.Id));
            })
            .ToList();
        start.Release(calls.Count);
        var results = await Task.WhenAll(calls);

        foreach (var (a, b) in pairs)
        {
            var statuses = results.Where(r => r.From == a || r.From == b).Select(r => r.Response.StatusCode).ToList();
            statuses.Should().BeEquivalentTo([HttpStatusCode.Created, HttpStatusCode.OK], "one request is created and the crossing one accepts it");
        }

        await using var db = factory.Database.CreateContext();
        var rows = await db.Set<Friendship>().AsNoTracking().ToListAsync();
        rows.Should().HaveCount(Pairs).And.OnlyContain(f => f.Status == FriendshipStatus.Accepted);
        rows.Select(f => (f.UserLowId, f.UserHighId)).Should().OnlyHaveUniqueItems();
        foreach (var (a, b) in pairs)
        {
            (await a.FriendIdsAsync()).Should().Equal(b.Id);
        }
    }

    private static async Task SameDirectionAsync(DatabaseProvider provider)
    {
        await using var factory = await ChatApiFactory.CreateAsync(provider);
        var alice = await factory.RegisterUserAsync("alice");
        var bob = await factory.RegisterUserAsync("bob");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => alice.SendFriendRequestAsync(bob.Id)));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "request_exists");
        }

        (await bob.RequestIdsAsync("incoming")).Should().HaveCount(1);
    }
}
