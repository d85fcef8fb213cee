using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chat.Api.Tests.Attachments;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;
using Chat.Application.Features.Retention;
using Chat.Domain.Attachments;
using Chat.Domain.Messages;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Api.Tests.Retention;

/// <summary>
/// <c>Chat:Retention:MessageDays</c>: messages older than the period are deleted for good (with their reactions, mentions
/// and edits), in batches; what remains reads consistently through history, unread counts and <c>/changes</c>.
/// Messages are aged by moving their <c>CreatedAt</c> back in the database.
/// </summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task A_sweep_deletes_old_messages_with_their_reactions_and_edits_in_batches_and_the_rest_reads_consistently() =>
        await SweepScenarioAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public async Task A_sweep_on_Postgres_deletes_old_messages_in_batches_and_the_rest_reads_consistently() =>
        await SweepScenarioAsync(DatabaseProvider.Postgres);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public async Task A_sweep_on_sql_server_deletes_old_messages_in_batches_and_the_rest_reads_consistently() =>
        await SweepScenarioAsync(DatabaseProvider.SqlServer);

    [Fact]
    public async Task A_sweep_removes_the_attachments_of_old_messages_and_the_clean_up_their_unshared_files() =>
        await AttachmentScenarioAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public async Task A_sweep_on_Postgres_removes_the_attachments_of_old_messages_and_the_clean_up_their_unshared_files() =>
        await AttachmentScenarioAsync(DatabaseProvider.Postgres);

    [Fact]
    public async Task With_MessageDays_set_the_background_job_deletes_old_messages_by_itself()
    {
        await using var factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?>
        {
            ["Chat:Retention:MessageDays"] = "30",
            ["Chat:Retention:IntervalSeconds"] = "1",
            ["Chat:Retention:BatchSize"] = "2",
        });
        var (alice, bob) = await PairAsync(factory);
        var conversationId = (await alice.StartDirectAsync(bob)).Id();
        var old = await ConversationApi.SendAsync(alice, conversationId, "old news");
        var fresh = await ConversationApi.SendAsync(alice, conversationId, "fresh");
        await AgeAsync(factory, old.Id(), TimeSpan.FromDays(31));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await MessageExistsAsync(factory, old.Id()) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        (await MessageExistsAsync(factory, old.Id())).Should().BeFalse("the job sweeps every second");
        (await MessageExistsAsync(factory, fresh.Id())).Should().BeTrue("29 days and younger are kept");
    }

    [Fact]
    public void Retention_is_off_by_default()
    {
        new RetentionOptions().Enabled.Should().BeFalse();
        new RetentionOptions().MessageDays.Should().Be(0);
    }

    private static async Task SweepScenarioAsync(DatabaseProvider provider)
    {
        await using var factory = await ChatApiFactory.CreateAsync(provider);
        var (alice, bob) = await PairAsync(factory);
        var conversationId = (await alice.StartDirectAsync(bob)).Id();
        var sent = new List<JsonElement>();
        for (var i = 1; i <= 6; i++)
        {
            sent.Add(await ConversationApi.SendAsync(alice, conversationId, $"message {i} @{bob.Username}"));
        }

        // The old ones carry a reaction, an edit and a mention, which must go with them.
        (await bob.Client.PostAsJsonAsync($"/api/v1/messages/{sent[0].Id()}/reactions", new { emoji = "👍" })).EnsureSuccessStatusCode();
        (await alice.Client.PatchAsJsonAsync($"/api/v1/messages/{sent[1].Id()}", new { content = "edited" })).EnsureSuccessStatusCode();
        (await bob.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/read", new { seq = 2 })).EnsureSuccessStatusCode();
        foreach (var message in sent.Take(4))
        {
            await AgeAsync(factory, message.Id(), TimeSpan.FromDays(40));
        }

        int deleted;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            deleted = await scope.ServiceProvider.GetRequiredService<MessageRetention>()
                .SweepAsync(DateTime.UtcNow.AddDays(-30), batchSize: 3, TimeSpan.Zero, CancellationToken.None);
        }

        deleted.Should().Be(4);
        var oldIds = sent.Take(4).Select(m => m.Id()).ToList();
        await using (var db = factory.Database.CreateContext())
        {
            (await db.Set<Message>().CountAsync(m => oldIds.Contains(m.Id))).Should().Be(0);
            (await db.Set<MessageReaction>().CountAsync(r => oldIds.Contains(r.MessageId))).Should().Be(0);
            (await db.Set<MessageEdit>().CountAsync(r => oldIds.Contains(r.MessageId))).Should().Be(0);
            (await db.Set<MessageMention>().CountAsync(r => oldIds.Contains(r.MessageId))).Should().Be(0);
            (await db.Set<MessageMention>().CountAsync(r => r.MessageId == sent[5].Id())).Should().Be(1, "kept messages keep their mentions");
        }

        // History and /changes list what is left, nothing else; unread counts only kept messages past the marker.
        (await bob.HistoryAsync(conversationId)).Seqs().Should().BeEquivalentTo([5L, 6L]);
        var changes = await bob.GetJsonAsync($"/api/v1/conversations/{conversationId}/changes?since=0");
        changes.GetProperty("items").EnumerateArray().Select(m => m.Seq()).Should().BeEquivalentTo([5L, 6L]);
        changes.GetProperty("hasMore").GetBoolean().Should().BeFalse();
        var unread = await bob.GetJsonAsync("/api/v1/unread");
        unread.GetProperty("total").GetInt32().Should().Be(2);

        // The conversation goes on: the next message takes the next seq.
        (await ConversationApi.SendAsync(bob, conversationId, "still here")).Seq().Should().Be(7);
        (await alice.HistoryAsync(conversationId)).Seqs().Should().BeEquivalentTo([5L, 6L, 7L]);
    }

    private static async Task AttachmentScenarioAsync(DatabaseProvider provider)
    {
        await using var factory = await ChatApiFactory.CreateAsync(provider, AttachmentApi.Settings());
        var (alice, bob) = await PairAsync(factory);
        var conversationId = (await alice.StartDirectAsync(bob)).Id();
        var shared = Encoding.UTF8.GetBytes("sent twice, kept once");
        var alone = Encoding.UTF8.GetBytes("sent once, long ago");
        var oldShared = await SendFileAsync(alice, conversationId, shared, "old-shared.txt");
        var oldAlone = await SendFileAsync(alice, conversationId, alone, "old-alone.txt");
        var freshShared = await SendFileAsync(bob, conversationId, shared, "fresh-shared.txt");
        var versionBefore = (await bob.GetJsonAsync($"/api/v1/conversations/{conversationId}")).GetProperty("version").GetInt64();
        await AgeAsync(factory, oldShared.Message, TimeSpan.FromDays(40));
        await AgeAsync(factory, oldAlone.Message, TimeSpan.FromDays(40));

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<MessageRetention>().SweepAsync(DateTime.UtcNow.AddDays(-30), batchSize: 10, TimeSpan.Zero, CancellationToken.None))
                .Should().Be(2);
        }

        await using (var db = factory.Database.CreateContext())
        {
            (await db.Set<Attachment>().Select(a => a.Id).ToListAsync()).Should().Equal([freshShared.Attachment], "the old messages' attachments went with them");
            (await db.Set<StoredFile>().SingleAsync(f => f.Sha256 == Sha(shared))).ReferenceCount.Should().Be(1, "the fresh message still uses these bytes");
            (await db.Set<StoredFile>().SingleAsync(f => f.Sha256 == Sha(alone))).ReferenceCount.Should().Be(0);
        }

        var cleaned = await factory.CleanUpAsync();
        cleaned.Files.Should().Be(1);
        File.Exists(factory.StoredPath(Sha(alone))).Should().BeFalse("nobody references these bytes any more");
        File.Exists(factory.StoredPath(Sha(shared))).Should().BeTrue();

        // A client catching up afterwards: /changes since its last version lists nothing new; from the start only what is kept.
        var since = await bob.GetJsonAsync($"/api/v1/conversations/{conversationId}/changes?since={versionBefore}");
        since.GetProperty("items").GetArrayLength().Should().Be(0);
        var all = await bob.GetJsonAsync($"/api/v1/conversations/{conversationId}/changes?since=0");
        all.GetProperty("items").EnumerateArray().Select(m => m.Id()).Should().Equal([freshShared.Message]);
        (await bob.Client.GetAsync($"/api/v1/attachments/{oldAlone.Attachment}")).StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
        (await bob.Client.GetAsync($"/api/v1/attachments/{oldShared.Attachment}")).StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
        (await (await alice.Client.GetAsync($"/api/v1/attachments/{freshShared.Attachment}")).Content.ReadAsByteArrayAsync()).Should().Equal(shared);
    }

    private static async Task<(Guid Message, Guid Attachment)> SendFileAsync(TestUser user, Guid conversationId, byte[] bytes, string fileName)
    {
        var attachment = (await user.UploadAsync(bytes, fileName)).Id();
        var response = await user.SendWithAttachmentsAsync(conversationId, null, attachment);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return ((await response.ReadJsonAsync()).Id(), attachment);
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    private static async Task<(TestUser Alice, TestUser Bob)> PairAsync(ChatApiFactory factory)
    {
        var users = await factory.FriendsAsync(2, "keep");
        return (users[0], users[1]);
    }

    private static async Task AgeAsync(ChatApiFactory factory, Guid messageId, TimeSpan by)
    {
        await using var db = factory.Database.CreateContext();
        var sentAt = await db.Set<Message>().Where(m => m.Id == messageId).Select(m => m.CreatedAt).SingleAsync();
        await db.Set<Message>().Where(m => m.Id == messageId).ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, sentAt - by));
    }

    private static async Task<bool> MessageExistsAsync(ChatApiFactory factory, Guid messageId)
    {
        await using var db = factory.Database.CreateContext();
        return await db.Set<Message>().AnyAsync(m => m.Id == messageId);
    }
}
