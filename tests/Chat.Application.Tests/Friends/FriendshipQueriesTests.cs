using Chat.Application.Features.Friends;
using Chat.Domain.Friends;
using Chat.Domain.Users;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Tests.Friends;

/// <summary>The query port other features use: right answers on both providers, one indexed query per question.</summary>
public sealed class FriendshipQueriesTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public Task Answers_are_right_on_sqlite() => AnswersAreRightAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Answers_are_right_on_postgres() => AnswersAreRightAsync(DatabaseProvider.Postgres);

    [Fact]
    public async Task Each_question_is_one_query_that_searches_an_index_on_sqlite()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var world = await World.CreateAsync(database);
        var plans = new SqliteQueryPlans();
        var options = new DbContextOptionsBuilder<ChatDbContext>(database.Options()).AddInterceptors(plans).Options;
        await using var db = new ChatDbContext(options);
        var queries = new FriendshipQueries(db);

        foreach (var ask in new Func<Task>[]
                 {
                     () => queries.AreFriendsAsync(world.Alice, world.Bob, CancellationToken.None),
                     () => queries.IsBlockedAsync(world.Alice, world.Mallory, CancellationToken.None),
                     () => queries.FriendIdsAsync(world.Alice, CancellationToken.None),
                 })
        {
            plans.Clear();
            await ask();

            var (sql, plan) = plans.Queries.Should().ContainSingle().Subject;
            plan.Should().NotContain(step => SqliteQueryPlans.IsTableScan(step), "a table scan would not be an indexed query: {0}\n{1}", sql, string.Join("\n", plan));
            plan.Should().Contain(step => step.Contains("USING") && step.Contains("INDEX"), sql);
        }
    }

    private static async Task AnswersAreRightAsync(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await World.CreateAsync(database);
        await using var db = database.CreateContext();
        var queries = new FriendshipQueries(db);
        var ct = CancellationToken.None;

        (await queries.AreFriendsAsync(world.Alice, world.Bob, ct)).Should().BeTrue();
        (await queries.AreFriendsAsync(world.Bob, world.Alice, ct)).Should().BeTrue();
        (await queries.AreFriendsAsync(world.Alice, world.Carol, ct)).Should().BeFalse("a pending request is not a friendship");
        (await queries.AreFriendsAsync(world.Alice, world.Mallory, ct)).Should().BeFalse();

        (await queries.IsBlockedAsync(world.Alice, world.Mallory, ct)).Should().BeTrue();
        (await queries.IsBlockedAsync(world.Mallory, world.Alice, ct)).Should().BeTrue("a block counts in both directions");
        (await queries.IsBlockedAsync(world.Alice, world.Bob, ct)).Should().BeFalse();

        (await queries.FriendIdsAsync(world.Alice, ct)).Should().BeEquivalentTo([world.Bob, world.Dave]);
        (await queries.FriendIdsAsync(world.Bob, ct)).Should().BeEquivalentTo([world.Alice]);
        (await queries.FriendIdsAsync(world.Carol, ct)).Should().BeEmpty();
        (await queries.FriendIdsAsync(world.Mallory, ct)).Should().BeEmpty();
    }

    /// <summary>Alice is friends with Bob and Dave, has a pending request to Carol, and has blocked Mallory.</summary>
    private sealed record World(Guid Alice, Guid Bob, Guid Carol, Guid Dave, Guid Mallory)
    {
        public static async Task<World> CreateAsync(TestDatabase database)
        {
            await using var db = database.CreateContext();
            await db.Database.MigrateAsync();
            var users = new[] { "alice", "bob", "carol", "dave", "mallory" }.Select(n => User.Register(n, null, "hash", Now)).ToArray();
            db.Set<User>().AddRange(users);
            var (alice, bob, carol, dave, mallory) = (users[0].Id, users[1].Id, users[2].Id, users[3].Id, users[4].Id);

            var withBob = Friendship.Request(alice, bob, [], Now);
            withBob.Accept(bob, [], Now);
            var withDave = Friendship.Request(dave, alice, [], Now);
            withDave.Accept(alice, [], Now);
            var toCarol = Friendship.Request(alice, carol, [], Now);
            db.Set<Friendship>().AddRange(withBob, withDave, toCarol);
            db.Set<Block>().Add(Block.Place(alice, mallory, null, Now));
            await db.SaveChangesAsync();
            return new World(alice, bob, carol, dave, mallory);
        }
    }
}
