using System.Net;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;
using Chat.Domain.Conversations;
using Chat.Infrastructure.Persistence;
using Chat.Infrastructure.Realtime;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Api.Tests.Messages;

/// <summary>
/// A send's access check before it is queued may be answered by the node's recipient cache (IRecheckedWhenStored): a
/// member it lists is let through without the access query, because the batch that stores the send checks membership
/// again under the conversation's lock. These tests prove both halves: the query is skipped only for a listed member,
/// and a member removed where this node did not see it (another node's change, its invalidation not arrived) is still
/// refused — by the store, with the same 403 <c>not_a_participant</c> — and nothing of theirs is stored.
/// </summary>
public sealed class SendAccessCheckTests
{
    [Fact]
    public async Task A_member_the_recipient_cache_lists_sends_without_the_access_query_and_anyone_else_is_checked_in_the_database()
    {
        await using var factory = await ConversationApiFactory.CreateAsync();
        var (alice, bob) = await factory.FriendsAsync(2, "hint") switch { var u => (u[0], u[1]) };
        var stranger = await factory.RegisterUserAsync("hintout");
        var direct = (await alice.StartDirectAsync(bob)).Id();
        var cache = factory.Services.GetRequiredService<RecipientCache>();

        // Not cached: the send is checked with the query (which also shows the test recognises it).
        await factory.Sql.WaitForQuietAsync(TimeSpan.FromMilliseconds(300));
        cache.Invalidate(direct);
        factory.Sql.Reset();
        factory.Sql.Recording = true;
        await alice.SendAsync(direct, "cold");
        factory.Sql.Recording = false;
        factory.Sql.Commands.Should().Contain(c => IsAccessCheck(c.Sql), "without a cached entry the access check reads the database");

        // The fan-out of that message cached the conversation's recipients: the next sends skip the query.
        await Realtime.SocketConnectionTests.WaitUntilAsync(() => cache.IsKnownRecipient(direct, alice.Id));
        var (sent, warm, _) = await factory.Sql.RecordFewerOfTwoAsync(() => alice.SendAsync(direct, "warm"), TimeSpan.FromMilliseconds(200));
        warm.Should().NotContain(c => IsAccessCheck(c.Sql), "the cache lists alice and the store checks her again under the lock");
        sent.Seq().Should().BeGreaterThan(1);

        // Someone the cache does not list is checked in the database, as before.
        cache.IsKnownRecipient(direct, stranger.Id).Should().BeFalse();
        await (await stranger.PostMessageAsync(direct, "let me in")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_a_participant");
    }

    [Fact]
    public Task A_member_removed_where_this_node_did_not_see_it_is_refused_by_the_store_and_nothing_is_stored_on_sqlite() =>
        RemovedElsewhereAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task A_member_removed_where_this_node_did_not_see_it_is_refused_by_the_store_and_nothing_is_stored_on_postgres() =>
        RemovedElsewhereAsync(DatabaseProvider.Postgres);

    private static async Task RemovedElsewhereAsync(DatabaseProvider provider)
    {
        await using var factory = await ConversationApiFactory.CreateAsync(provider);
        var users = await factory.FriendsAsync(3, "gone");
        var (owner, removed, stays) = (users[0], users[1], users[2]);
        var group = (await owner.StartGroupAsync("Stale", removed, stays)).Id();
        await removed.SendAsync(group, "still here");
        var cache = factory.Services.GetRequiredService<RecipientCache>();
        await Realtime.SocketConnectionTests.WaitUntilAsync(() => cache.IsKnownRecipient(group, removed.Id));

        // Another node removes the member: its own context, none of this node's interceptors, so nothing here hears of it.
        await using (var elsewhere = factory.Database.CreateContext())
        {
            (await elsewhere.Set<ConversationParticipant>().Where(p => p.ConversationId == group && p.UserId == removed.Id).ExecuteDeleteAsync()).Should().Be(1);
            await elsewhere.Set<Conversation>().Where(c => c.Id == group)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.MembershipVersion, c => c.MembershipVersion + 1));
        }

        cache.IsKnownRecipient(group, removed.Id).Should().BeTrue("this node's entry is stale: the case the store's check is for");
        var before = (await owner.HistoryAsync(group)).Seqs().ToList();

        await (await removed.PostMessageAsync(group, "after removal")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_a_participant");

        var after = await owner.HistoryAsync(group);
        after.Seqs().Should().Equal(before, "the refused send stored nothing and took no seq");
        (await stays.SendAsync(group, "next")).Seq().Should().Be(before.Max() + 1, "seq stays gap-free");
    }

    /// <summary>The pre-queue access query (ConversationMembership.Access): a conversation's row with a CASE over its participants or its room's members.</summary>
    private static bool IsAccessCheck(string sql) =>
        sql.Contains("FROM \"Conversations\"", StringComparison.Ordinal) && sql.Contains("\"RoomMembers\"", StringComparison.Ordinal)
        && sql.Contains("CASE", StringComparison.Ordinal);
}
