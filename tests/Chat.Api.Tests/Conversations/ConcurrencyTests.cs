using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Chat.Api.Tests.Conversations;

/// <summary>Races the contract must win on both providers: seq assignment, one direct conversation per pair, idempotent retries.</summary>
public sealed class ConcurrencyTests
{
    private const int Senders = 50;
    private const int MessagesPerSender = 2;

    [Fact]
    public Task Fifty_concurrent_senders_get_seqs_one_to_n_without_gap_or_repeat_on_sqlite() => ConcurrentSendersGetGaplessSeqs(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Fifty_concurrent_senders_get_seqs_one_to_n_without_gap_or_repeat_on_postgres() => ConcurrentSendersGetGaplessSeqs(DatabaseProvider.Postgres);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public Task Fifty_concurrent_senders_get_seqs_one_to_n_without_gap_or_repeat_on_sql_server() => ConcurrentSendersGetGaplessSeqs(DatabaseProvider.SqlServer);

    [Fact]
    public Task Both_sides_starting_a_direct_conversation_at_once_make_exactly_one_on_sqlite() => ConcurrentDirectStartsMakeOne(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Both_sides_starting_a_direct_conversation_at_once_make_exactly_one_on_postgres() => ConcurrentDirectStartsMakeOne(DatabaseProvider.Postgres);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public Task Both_sides_starting_a_direct_conversation_at_once_make_exactly_one_on_sql_server() => ConcurrentDirectStartsMakeOne(DatabaseProvider.SqlServer);

    [Fact]
    public Task Concurrent_retries_of_one_client_message_id_store_one_message_on_sqlite() => ConcurrentRetriesStoreOne(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Concurrent_retries_of_one_client_message_id_store_one_message_on_postgres() => ConcurrentRetriesStoreOne(DatabaseProvider.Postgres);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public Task Concurrent_retries_of_one_client_message_id_store_one_message_on_sql_server() => ConcurrentRetriesStoreOne(DatabaseProvider.SqlServer);

    private static async Task ConcurrentSendersGetGaplessSeqs(DatabaseProvider provider)
    {
        await using var factory = await ConversationApiFactory.CreateAsync(provider);
        var users = await factory.FriendsAsync(Senders, "racer");
        var group = await users[0].StartGroupAsync("race", users[1..]);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sends = users.SelectMany(user => Enumerable.Range(0, MessagesPerSender).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await user.PostMessageAsync(group.Id(), $"{user.Username} #{i}");
        }))).ToList();
        start.SetResult();
        var responses = await Task.WhenAll(sends);

        foreach (var response in responses)
        {
            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }

        var answered = await Task.WhenAll(responses.Select(r => r.ReadJsonAsync()));
        answered.Select(m => m.Seq()).Should().BeEquivalentTo(Enumerable.Range(1, Senders * MessagesPerSender).Select(i => (long)i));

        await using var db = factory.Database.CreateContext();
        var stored = await db.Set<Message>().Where(m => m.ConversationId == group.Id()).Select(m => m.Seq).OrderBy(s => s).ToListAsync();
        stored.Should().Equal(Enumerable.Range(1, Senders * MessagesPerSender).Select(i => (long)i));
        var conversation = await db.Set<Conversation>().SingleAsync(c => c.Id == group.Id());
        conversation.LastSeq.Should().Be(Senders * MessagesPerSender);
        conversation.Version.Should().Be(Senders * MessagesPerSender);
    }

    private static async Task ConcurrentDirectStartsMakeOne(DatabaseProvider provider)
    {
        await using var factory = await ConversationApiFactory.CreateAsync(provider);
        var pairs = new List<(TestUser, TestUser)>();
        for (var i = 0; i < 5; i++)
        {
            var users = await factory.FriendsAsync(2, "pair");
            pairs.Add((users[0], users[1]));
        }

        foreach (var (a, b) in pairs)
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
            {
                await start.Task;
                var (from, to) = i % 2 == 0 ? (a, b) : (b, a);
                return await from.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = to.Id });
            })).ToList();
            start.SetResult();
            var responses = await Task.WhenAll(attempts);

            responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
            responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(9);
            var ids = await Task.WhenAll(responses.Select(async r => (await r.ReadJsonAsync()).Id()));
            ids.Distinct().Should().ContainSingle();

            await using var db = factory.Database.CreateContext();
            (await db.Set<Conversation>().CountAsync(c => c.DirectKey == Conversation.DirectKeyOf(a.Id, b.Id))).Should().Be(1);
            (await db.Set<ConversationParticipant>().CountAsync(p => p.ConversationId == ids[0])).Should().Be(2);
        }
    }

    private static async Task ConcurrentRetriesStoreOne(DatabaseProvider provider)
    {
        await using var factory = await ConversationApiFactory.CreateAsync(provider);
        var (alice, bob) = await factory.FriendsAsync(2) switch { var u => (u[0], u[1]) };
        var direct = await alice.StartDirectAsync(bob);

        for (var round = 0; round < 5; round++)
        {
            var clientMessageId = $"retry-{round}";
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
            {
                await start.Task;
                return await alice.PostMessageAsync(direct.Id(), "only once", clientMessageId);
            })).ToList();
            start.SetResult();
            var responses = await Task.WhenAll(attempts);

            responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
            responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(9);
            var ids = await Task.WhenAll(responses.Select(async r => (await r.ReadJsonAsync()).Id()));
            ids.Distinct().Should().ContainSingle();
        }

        await using var db = factory.Database.CreateContext();
        (await db.Set<Message>().CountAsync(m => m.ConversationId == direct.Id())).Should().Be(5);
    }
}
