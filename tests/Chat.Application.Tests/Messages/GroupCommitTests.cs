using System.Data.Common;
using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Conversations;
using Chat.Application.Features.Conversations.MarkDelivered;
using Chat.Application.Features.Messages.Events;
using Chat.Application.Features.Messages.SendMessage;
using Chat.Application.Tests.Support;
using Chat.Domain.Attachments;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Chat.Domain.Messages.Events;
using Chat.Domain.Users;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Chat.Application.Tests.Messages;

/// <summary>
/// The send writer (group commit): sends that wait together are committed in one transaction with gap-free seqs in
/// queue order; a send refused under the lock (a retry, a member removed a moment ago, a deleted conversation) gets its
/// own answer while the rest commit; a batch whose transaction fails is stored one send at a time; a full queue
/// refuses with 429. To make batches deterministic a test holds SQLite's write lock from another connection: the
/// writer's first batch waits for it, and what is sent meanwhile waits in the queue and forms the next batch.
/// </summary>
[Covers(typeof(SendMessageCommandHandler))]
public sealed class GroupCommitTests(ITestOutputHelper output) : HandlerTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly SqlCommandCounter _commands = new();
    private User _alice = null!;
    private User _bob = null!;
    private User _carol = null!;
    private Conversation _group = null!;

    private MessageWriter Writer => Host.Service<MessageWriter>();

    protected override void Configure(IServiceCollection services) =>
        services.ConfigureDbContext<ChatDbContext>(options => options.AddInterceptors(_commands));

    protected override async Task ArrangeAsync()
    {
        var users = await Given.UsersAsync("alice", "bob", "carol");
        (_alice, _bob, _carol) = (users[0], users[1], users[2]);
        _group = await Given.GroupAsync(_alice, "team", _bob, _carol);
    }

    [Fact]
    public async Task Sends_waiting_together_are_committed_in_one_batch_with_gap_free_seqs_in_queue_order()
    {
        var batchesBefore = Writer.Batches;
        List<Task<SendMessageResult>> sends;
        Task<SendMessageResult> plug;
        await using (var writeLock = await WriteLock.TakeAsync(Host))
        {
            plug = await QueueAsync(_alice, new SendMessageCommand(_group.Id, "plug"), expectQueued: 0);
            sends = [];
            for (var i = 0; i < 20; i++)
            {
                sends.Add(await QueueAsync(i % 2 == 0 ? _alice : _bob, new SendMessageCommand(_group.Id, $"m{i}", $"c{i}"), expectQueued: i + 1));
            }
        }

        var results = await Task.WhenAll(sends).WaitAsync(Patience);
        (await plug).Message.Seq.Should().Be(1);
        results.Should().OnlyContain(r => r.Created);
        results.Select(r => r.Message.Seq).Should().Equal(Enumerable.Range(2, 20).Select(i => (long)i), "acks carry seqs in the order the sends were queued");
        results.Select(r => r.Message.Version).Should().Equal(Enumerable.Range(2, 20).Select(i => (long)i));
        (Writer.Batches - batchesBefore).Should().Be(2, "the plug alone, then the twenty together");
        (await Host.RowsAsync<Message>()).Select(m => m.Seq).Order().Should().Equal(Enumerable.Range(1, 21).Select(i => (long)i));
        (await Host.RowsAsync<Conversation>()).Single(c => c.Id == _group.Id).LastSeq.Should().Be(21);
        Host.Raised<MessageSent>().Select(e => e.Seq).Should().Equal(Enumerable.Range(1, 21).Select(i => (long)i), "events go out after commit in seq order");
    }

    [Fact]
    public async Task The_answer_built_from_what_was_written_equals_the_message_read_back()
    {
        var result = await SendAs(_alice.Id, new SendMessageCommand(_group.Id, "hi @bob and @carol", "c-1"));

        var readBack = await SendAs(_alice.Id, new SendMessageCommand(_group.Id, "hi @bob and @carol", "c-1"));

        readBack.Created.Should().BeFalse();
        result.Message.Should().BeEquivalentTo(readBack.Message);
        result.Message.Mentions.Should().BeEquivalentTo([_bob.Id, _carol.Id]);
        result.Message.Sender!.Username.Should().Be("alice");
    }

    [Fact]
    public async Task A_refused_send_does_not_fail_the_others_of_its_batch()
    {
        var first = await Given.MessageAsync(_group.Id, _alice, "stored before", "dup-1");
        var doomed = await Given.GroupAsync(_bob, "doomed", _alice);
        Task<SendMessageResult> plug, good1, retry, fromCarol, twin1, twin2, intoDoomed, good2;
        await using (var writeLock = await WriteLock.TakeAsync(Host))
        {
            plug = await QueueAsync(_alice, new SendMessageCommand(_group.Id, "plug"), expectQueued: 0);
            good1 = await QueueAsync(_alice, new SendMessageCommand(_group.Id, "good one"), expectQueued: 1);
            retry = await QueueAsync(_alice, new SendMessageCommand(_group.Id, "stored before", "dup-1"), expectQueued: 2);
            fromCarol = await QueueAsync(_carol, new SendMessageCommand(_group.Id, "carol, just removed"), expectQueued: 3);
            twin1 = await QueueAsync(_bob, new SendMessageCommand(_group.Id, "twin", "twin"), expectQueued: 4);
            twin2 = await QueueAsync(_bob, new SendMessageCommand(_group.Id, "twin", "twin"), expectQueued: 5);
            intoDoomed = await QueueAsync(_alice, new SendMessageCommand(doomed.Id, "too late"), expectQueued: 6);
            good2 = await QueueAsync(_bob, new SendMessageCommand(_group.Id, "good two"), expectQueued: 7);

            // A moment ago, under the lock the writer waits for: carol leaves, the other group is deleted.
            await writeLock.ExecuteAsync($"DELETE FROM ConversationParticipants WHERE {Where("ConversationId", _group.Id)} AND {Where("UserId", _carol.Id)}");
            await writeLock.ExecuteAsync($"DELETE FROM ConversationParticipants WHERE {Where("ConversationId", doomed.Id)}");
            await writeLock.ExecuteAsync($"DELETE FROM Conversations WHERE {Where("Id", doomed.Id)}");
        }

        await plug.WaitAsync(Patience);
        (await good1).Created.Should().BeTrue();
        (await retry).Should().Match<SendMessageResult>(r => !r.Created && r.Message.Id == first.Id);
        await Refused<ForbiddenException>(() => fromCarol, "not_a_participant");
        var twin = await twin1;
        (await twin2).Should().Match<SendMessageResult>(r => !r.Created && r.Message.Id == twin.Message.Id, "a second send of one client id in the same batch answers the first");
        await Refused<NotFoundException>(() => intoDoomed, "not_found");
        (await good2).Created.Should().BeTrue();
        (await Host.RowsAsync<Message>()).Where(m => m.ConversationId == _group.Id).Select(m => m.Seq).Order()
            .Should().Equal([1L, 2, 3, 4, 5], "stored before, plug, good one, twin, good two: no gap for the refused ones");
        (await Host.RowsAsync<Message>()).Should().NotContain(m => m.SenderId == _carol.Id || m.ConversationId == doomed.Id);
    }

    [Fact]
    public async Task In_a_batch_of_direct_sends_a_block_or_a_deleted_account_of_a_moment_ago_refuses_only_its_own_and_the_checks_read_once_per_batch()
    {
        var partners = await Given.UsersAsync("p0", "p1", "p2", "p3", "p4", "p5");
        var directs = new List<Conversation>();
        foreach (var partner in partners)
        {
            directs.Add(await Given.DirectAsync(_alice, partner));
        }

        Task<SendMessageResult> plug;
        List<Task<SendMessageResult>> fromAlice = [];
        Task<SendMessageResult> fromP0, fromP1;
        await using (var writeLock = await WriteLock.TakeAsync(Host))
        {
            plug = await QueueAsync(_alice, new SendMessageCommand(_group.Id, "plug"), expectQueued: 0);
            for (var i = 0; i < directs.Count; i++)
            {
                fromAlice.Add(await QueueAsync(_alice, new SendMessageCommand(directs[i].Id, $"to p{i}", $"a-{i}"), expectQueued: i + 1));
            }

            fromP0 = await QueueAsync(partners[0], new SendMessageCommand(directs[0].Id, "both sides in one batch", "p0-1"), expectQueued: directs.Count + 1);
            fromP1 = await QueueAsync(partners[1], new SendMessageCommand(directs[1].Id, "blocked a moment ago", "p1-1"), expectQueued: directs.Count + 2);

            // From here on only the writer runs commands: the plug's batch (one group), then the eight sends' batch.
            _commands.Reset();
            _commands.Recording = true;

            // A moment ago, under the lock the writer waits for: p1 blocks alice, p2 deletes their account.
            await writeLock.ExecuteAsync(
                $"INSERT INTO Blocks (Id, BlockerId, BlockedId, CreatedAt) VALUES ('{Upper(Guid.CreateVersion7())}', '{Upper(partners[1].Id)}', '{Upper(_alice.Id)}', '2026-01-01 00:00:00')");
            await writeLock.ExecuteAsync($"UPDATE Users SET DeletedAt = '2026-01-01 00:00:00' WHERE {Where("Id", partners[2].Id)}");
        }

        await plug.WaitAsync(Patience);
        await Task.WhenAll(fromAlice.Select(s => s.ContinueWith(_ => { }))).WaitAsync(Patience);
        _commands.Recording = false;

        foreach (var i in new[] { 0, 3, 4, 5 })
        {
            (await fromAlice[i]).Created.Should().BeTrue($"nothing changed between alice and p{i}");
        }

        (await fromP0).Created.Should().BeTrue();
        await Refused<ForbiddenException>(() => fromAlice[1], "blocked");
        await Refused<ForbiddenException>(() => fromP1, "blocked");
        await Refused<ForbiddenException>(() => fromAlice[2], "user_deleted");
        (await Host.RowsAsync<Message>()).Where(m => m.ConversationId == directs[0].Id).Select(m => m.Seq).Order().Should().Equal(1L, 2);
        (await Host.RowsAsync<Message>()).Should().NotContain(m => m.ConversationId == directs[1].Id || m.ConversationId == directs[2].Id);

        // Six direct conversations and eight senders in the batch: the checks read the senders' rows, both sides of every
        // direct conversation and the blocks between them with one query each (plus the plug's own participant row).
        // Read per sender, that was eight of each.
        var reads = _commands.Commands.Select(c => c.Sql).Where(sql => sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)).ToList();
        output.WriteLine(string.Join(Environment.NewLine, reads));
        reads.Count(sql => sql.Contains("FROM \"Blocks\"", StringComparison.Ordinal)).Should().Be(1, "blocks are read once for the batch");
        reads.Count(sql => sql.Contains("\"DeletedAt\" IS NOT NULL", StringComparison.Ordinal)).Should().Be(1, "the direct conversations' sides are read once");
        reads.Count(sql => sql.Contains("FROM \"ConversationParticipants\"", StringComparison.Ordinal) && sql.Contains("\"JoinedAt\"", StringComparison.Ordinal))
            .Should().Be(2, "the senders' rows are read once per batch (the plug's and this one)");
    }

    [Fact]
    public async Task In_a_batch_of_channel_sends_a_member_who_left_a_moment_ago_is_refused_a_first_sender_starts_at_the_join_point_and_memberships_are_read_once()
    {
        var others = await Given.UsersAsync("dave", "erin");
        var (dave, erin) = (others[0], others[1]);
        var room = await Given.RoomAsync(_alice, "hall", true, _bob, _carol, dave, erin);
        var channel = room.General;
        long last = 0;
        foreach (var early in new[] { _alice, _bob, _carol })
        {
            last = (await SendAs(early.Id, new SendMessageCommand(channel.Id, $"hello from {early.Username}"))).Message.Seq;
        }

        // dave has never read or written here since joining (his row is dropped, as for a member who joined after the
        // channel was made); erin leaves the room a moment before the batch commits.
        await Host.WithDbAsync(db => db.Set<ConversationParticipant>().Where(p => p.ConversationId == channel.Id && p.UserId == dave.Id).ExecuteDeleteAsync());

        Task<SendMessageResult> plug, fromDave, fromErin;
        List<Task<SendMessageResult>> fromEarly = [];
        await using (var writeLock = await WriteLock.TakeAsync(Host))
        {
            plug = await QueueAsync(_alice, new SendMessageCommand(_group.Id, "plug"), expectQueued: 0);
            for (var i = 0; i < 6; i++)
            {
                fromEarly.Add(await QueueAsync(new[] { _alice, _bob, _carol }[i % 3], new SendMessageCommand(channel.Id, $"batch {i}", $"ch-{i}"), expectQueued: i + 1));
            }

            fromDave = await QueueAsync(dave, new SendMessageCommand(channel.Id, "first words", "dave-1"), expectQueued: 7);
            fromErin = await QueueAsync(erin, new SendMessageCommand(channel.Id, "leaving", "erin-1"), expectQueued: 8);
            _commands.Reset();
            _commands.Recording = true;
            await writeLock.ExecuteAsync($"DELETE FROM RoomMembers WHERE {Where("UserId", erin.Id)} AND {Where("RoomId", room.Id)}");
            await writeLock.ExecuteAsync($"DELETE FROM ConversationParticipants WHERE {Where("UserId", erin.Id)} AND {Where("ConversationId", channel.Id)}");
        }

        await plug.WaitAsync(Patience);
        await Task.WhenAll(fromEarly.Append(fromDave).Append(fromErin).Select(s => s.ContinueWith(_ => { }))).WaitAsync(Patience);
        _commands.Recording = false;

        (await Task.WhenAll(fromEarly)).Select(r => r.Message.Seq).Should().Equal(Enumerable.Range(1, 6).Select(i => last + i), "the members' sends commit in queue order");
        (await fromDave).Message.Seq.Should().Be(last + 7);
        await Refused<ForbiddenException>(() => fromErin, "not_a_participant");
        var rows = await Host.RowsAsync<ConversationParticipant>();
        rows.Should().ContainSingle(p => p.ConversationId == channel.Id && p.UserId == dave.Id)
            .Which.LastReadSeq.Should().Be(last + 7, "his row was made at his join point and his own send moved it");
        rows.Should().NotContain(p => p.ConversationId == channel.Id && p.UserId == erin.Id);

        // Five senders in one channel: their memberships are read once for the batch and their rows with the batch's
        // senders' rows; only dave, who has no row yet, takes the row lookup of ParticipantLookup (one more membership read).
        // Read per sender, that was five lookups.
        var reads = _commands.Commands.Select(c => c.Sql).Where(sql => sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)).ToList();
        output.WriteLine(string.Join(Environment.NewLine, reads));
        reads.Count(sql => sql.Contains("FROM \"RoomMembers\"", StringComparison.Ordinal) && sql.Contains("\"JoinedAt\"", StringComparison.Ordinal))
            .Should().Be(2, "the batch's memberships, then dave's lookup (the fan-out's recipient reads take no join time)");
    }

    [Fact]
    public async Task Every_batch_is_written_on_the_writers_own_connection_whatever_order_the_shared_pool_is_in()
    {
        _commands.Recording = true;
        await SendAs(_alice.Id, new SendMessageCommand(_group.Id, "first"));

        // Two requests overlap and end in the other order: the shared pool (first in, first out) now hands out first a
        // context the writer has never used. The writer's scopes lease from a pool of their own (IWriterScopes).
        var first = Host.Service<IServiceScopeFactory>().CreateAsyncScope();
        var second = Host.Service<IServiceScopeFactory>().CreateAsyncScope();
        first.ServiceProvider.GetRequiredService<IChatDbContext>().Should().NotBeSameAs(second.ServiceProvider.GetRequiredService<IChatDbContext>());
        await second.DisposeAsync();
        await first.DisposeAsync();

        await SendAs(_bob.Id, new SendMessageCommand(_group.Id, "second"));
        await SendAs(_carol.Id, new SendMessageCommand(_group.Id, "third"));
        _commands.Recording = false;

        var inserts = _commands.Commands.Where(c => c.Sql.Contains("INSERT INTO \"Messages\"", StringComparison.Ordinal)).Select(c => c.Connection).ToList();
        inserts.Should().HaveCount(3).And.OnlyContain(c => ReferenceEquals(c, inserts[0]),
            "on SQLite a connection keeps its page cache only while no other connection writes (WAL): one connection for every batch keeps it warm");
    }

    [Fact]
    public async Task When_the_batch_transaction_fails_its_sends_are_stored_one_at_a_time_and_only_the_bad_one_is_refused()
    {
        var sha256 = new string('a', AttachmentLimits.Sha256Length);
        var upload = await Given.SaveAsync(db =>
        {
            db.Set<StoredFile>().Add(new StoredFile(sha256, 10, Host.Now));
            return Task.FromResult(db.Set<Attachment>().Add(Attachment.Upload(_alice.Id, sha256, "notes.txt", "text/plain", 10, null, null, Host.Now)).Entity);
        });
        Task<SendMessageResult> plug, before, withFile, sameFileAgain, after;
        await using (var writeLock = await WriteLock.TakeAsync(Host))
        {
            plug = await QueueAsync(_alice, new SendMessageCommand(_group.Id, "plug"), expectQueued: 0);
            before = await QueueAsync(_bob, new SendMessageCommand(_group.Id, "before"), expectQueued: 1);
            withFile = await QueueAsync(_alice, new SendMessageCommand(_group.Id, "the file", AttachmentIds: [upload.Id]), expectQueued: 2);
            // Both passed the early check (the file was unsent then); only one can claim it.
            sameFileAgain = await QueueAsync(_alice, new SendMessageCommand(_group.Id, "the file again", AttachmentIds: [upload.Id]), expectQueued: 3);
            after = await QueueAsync(_bob, new SendMessageCommand(_group.Id, "after"), expectQueued: 4);
        }

        await plug.WaitAsync(Patience);
        (await before).Created.Should().BeTrue();
        (await withFile).Message.Attachments.Should().ContainSingle(a => a.Id == upload.Id && a.FileName == "notes.txt");
        await Refused<ConflictException>(() => sameFileAgain, "attachment_already_sent");
        (await after).Created.Should().BeTrue();
        (await Host.RowsAsync<Message>()).Select(m => m.Seq).Order().Should().Equal(1, 2, 3, 4);
        (await Host.RowsAsync<Attachment>()).Single().MessageId.Should().Be((await withFile).Message.Id);
    }

    [Fact]
    public async Task A_retry_queued_while_its_first_send_commits_answers_with_the_first()
    {
        Task<SendMessageResult> first, retry;
        await using (var writeLock = await WriteLock.TakeAsync(Host))
        {
            first = await QueueAsync(_alice, new SendMessageCommand(_group.Id, "hi", "c-1"), expectQueued: 0);
            retry = await QueueAsync(_alice, new SendMessageCommand(_group.Id, "hi", "c-1"), expectQueued: 1);
        }

        var stored = await first.WaitAsync(Patience);
        var answered = await retry.WaitAsync(Patience);

        stored.Created.Should().BeTrue();
        answered.Created.Should().BeFalse();
        answered.Message.Id.Should().Be(stored.Message.Id);
        (await Host.RowsAsync<Message>()).Should().ContainSingle();
        Host.Raised<MessageSent>().Should().ContainSingle();
    }

    [Fact]
    public Task The_client_id_look_up_answers_exact_keys_not_the_cross_product_of_their_columns() => ExactClientIdLookUpAsync(Host);

    [PostgresFact]
    public async Task The_client_id_look_up_answers_exact_keys_not_the_cross_product_of_their_columns_on_Postgres()
    {
        await using var host = await ApplicationTestHost.CreateAsync(provider: DatabaseProvider.Postgres);
        await ExactClientIdLookUpAsync(host);
    }

    /// <summary>
    /// Lists per column would also match (second, bob, "k-b"): it is in their cross product. The look-up probes each key
    /// (SQLite: json_each; PostgreSQL: unnest) and answers only the one that exists, with its message id.
    /// </summary>
    private static async Task ExactClientIdLookUpAsync(ApplicationTestHost host)
    {
        var users = await host.Given.UsersAsync("ines", "jack");
        var (ines, jack) = (users[0], users[1]);
        var first = await host.Given.GroupAsync(ines, "first", jack);
        var second = await host.Given.GroupAsync(ines, "second", jack);
        var asked = await host.As(ines.Id).SendAsync(new SendMessageCommand(first.Id, "asked for", "k-a"));
        await host.As(jack.Id).SendAsync(new SendMessageCommand(second.Id, "in the cross product only", "k-b"));

        var found = await host.WithDbAsync(db => ((IChatDbContext)db).FindByClientIdsAsync(
            [new(first.Id, ines.Id, "k-a", Guid.Empty), new(first.Id, jack.Id, "k-b", Guid.Empty), new(second.Id, ines.Id, "k-b", Guid.Empty)],
            CancellationToken.None));

        found.Should().NotBeNull().And.Equal(new ClientIdMatch(first.Id, ines.Id, "k-a", asked.Message.Id));
    }

    [Fact]
    public async Task Thirty_concurrent_sends_from_one_user_into_one_conversation_all_succeed_with_the_default_settings()
    {
        Host.As(_alice.Id);
        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Host.SendAsync(new SendMessageCommand(_group.Id, $"m{i}", $"c{i}")))).WaitAsync(Patience);

        results.Should().OnlyContain(r => r.Created);
        results.Select(r => r.Message.Seq).Order().Should().Equal(Enumerable.Range(1, 30).Select(i => (long)i));
        results.Select(r => r.Message.ClientMessageId).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_full_queue_refuses_the_send_with_rate_limited_and_a_retry_after_of_at_most_two_seconds()
    {
        await using var host = await ApplicationTestHost.CreateAsync(s => s.AddSingleton(new SendingOptions { QueueCapacity = 1, MaxBatchSize = 1 }));
        var alice = await host.Given.UserAsync("alice");
        var group = await host.Given.GroupAsync(alice, "team");
        Task<SendMessageResult> taken, waiting;
        await using (var writeLock = await WriteLock.TakeAsync(host))
        {
            taken = await QueueAsync(host, alice, new SendMessageCommand(group.Id, "taken by the writer"), expectQueued: 0);
            waiting = await QueueAsync(host, alice, new SendMessageCommand(group.Id, "fills the queue"), expectQueued: 1);

            var refusal = (await ((Func<Task>)(() => host.As(alice.Id).SendAsync(new SendMessageCommand(group.Id, "one too many")))).Should().ThrowAsync<RateLimitedException>()).Which;
            refusal.Code.Should().Be("rate_limited");
            refusal.RetryAfterSeconds.Should().BeInRange(1, 2);
        }

        (await taken.WaitAsync(Patience)).Message.Seq.Should().Be(1);
        (await waiting.WaitAsync(Patience)).Message.Seq.Should().Be(2);
        (await host.RowsAsync<Message>()).Should().HaveCount(2, "the refused send stored nothing");
    }

    [Fact]
    public async Task A_send_alone_and_each_send_of_a_batch_take_few_sql_commands()
    {
        await SendAs(_alice.Id, new SendMessageCommand(_group.Id, "warm-up"));
        _commands.Recording = true;
        await SendAs(_alice.Id, new SendMessageCommand(_group.Id, "alone", "alone-1"));
        _commands.Recording = false;
        var alone = _commands.Commands.Count;
        output.WriteLine($"one send alone: {alone} commands{Environment.NewLine}{string.Join(Environment.NewLine, _commands.Commands.Select(c => FirstLine(c.Sql)))}");

        const int Sends = 50;
        List<Task<SendMessageResult>> sends = [];
        await using (var writeLock = await WriteLock.TakeAsync(Host))
        {
            sends.Add(await QueueAsync(_alice, new SendMessageCommand(_group.Id, "plug"), expectQueued: 0));
            _commands.Reset();
            _commands.Recording = true;
            for (var i = 0; i < Sends; i++)
            {
                sends.Add(await QueueAsync(i % 2 == 0 ? _alice : _bob, new SendMessageCommand(_group.Id, $"burst {i}", $"burst-{i}"), expectQueued: i + 1));
            }
        }

        await Task.WhenAll(sends).WaitAsync(Patience);
        _commands.Recording = false;
        var perMessage = _commands.Commands.Count / (double)Sends;
        output.WriteLine($"{Sends} sends in one batch: {_commands.Commands.Count} commands, {perMessage:F2} per message (with the plug's batch)");
        output.WriteLine(string.Join(Environment.NewLine, _commands.Commands.Select(c => FirstLine(c.Sql)).GroupBy(c => c).Select(g => $"{g.Count(),4} × {g.Key}")));

        // Before group commit a send took 24 commands (21 of them on the write path), alone or not.
        alone.Should().BeLessThan(24);
        perMessage.Should().BeLessThan(12);

        // SQLite: the batch's transaction holds the database's write lock, so no no-op UPDATE takes row locks.
        _commands.Commands.Select(c => c.Sql).Should().NotContain(
            sql => sql.Contains("SET \"Version\" = \"c\".\"Version\"", StringComparison.Ordinal) || sql.Contains("SET \"LastReadSeq\" = \"c\".\"LastReadSeq\"", StringComparison.Ordinal),
            "IChatDbContext.WritersSerialized: a row lock inside an IMMEDIATE transaction locks nothing more");
    }

    [Fact]
    public async Task On_sqlite_a_transaction_holds_the_write_lock_before_its_first_statement()
    {
        // The premise of skipping row locks on SQLite (IChatDbContext.WritersSerialized): BEGIN IMMEDIATE, not a deferred
        // BEGIN, which would let another connection write until this transaction's first write.
        var refused = await Host.WithDbAsync(db => db.InTransactionAsync(async _ =>
        {
            db.WritersSerialized.Should().BeTrue();
            await using var other = new SqliteConnection(Host.Database.ConnectionString);
            await other.OpenAsync();
            await using var write = other.CreateCommand();
            write.CommandText = "UPDATE \"Conversations\" SET \"Title\" = 'elsewhere'";
            write.CommandTimeout = 1;
            try
            {
                await write.ExecuteNonQueryAsync();
                return null;
            }
            catch (SqliteException busy)
            {
                return (int?)busy.SqliteErrorCode;
            }
        }));

        refused.Should().Be(5, "SQLITE_BUSY: the other connection waited for the write lock and gave up");
        (await Host.RowsAsync<Conversation>()).Should().NotContain(c => c.Title == "elsewhere");
    }

    [PostgresFact]
    public async Task On_Postgres_a_batch_locks_its_conversations_in_one_statement_and_holds_the_locks_to_commit()
    {
        var counter = new SqlCommandCounter();
        await using var host = await ApplicationTestHost.CreateAsync(
            services => services.ConfigureDbContext<ChatDbContext>(options => options.AddInterceptors(counter)), DatabaseProvider.Postgres);
        var users = await host.Given.UsersAsync("dana", "erin", "fay");
        var first = await host.Given.GroupAsync(users[0], "first", users[1]);
        var second = await host.Given.GroupAsync(users[0], "second", users[2]);
        var gone = Guid.CreateVersion7();

        var (present, otherWriter) = await host.WithDbAsync(db => db.InTransactionAsync(async ct =>
        {
            db.WritersSerialized.Should().BeFalse();
            counter.Reset();
            counter.Recording = true;
            var locked = await ((IChatDbContext)db).LockConversationsAsync([second.Id, gone, first.Id], ct);
            counter.Recording = false;

            // Another writer of a locked row waits for this transaction (here: gives up after half a second).
            await using var other = new NpgsqlConnection(host.Database.ConnectionString);
            await other.OpenAsync(ct);
            await using var update = other.CreateCommand();
            update.CommandText = "SET lock_timeout = '500ms'; UPDATE \"Conversations\" SET \"Title\" = 'elsewhere' WHERE \"Id\" = @id";
            update.Parameters.AddWithValue("id", first.Id);
            try
            {
                await update.ExecuteNonQueryAsync(ct);
                return (locked.Keys.ToList(), "written");
            }
            catch (PostgresException refused)
            {
                return (locked.Keys.ToList(), refused.SqlState);
            }
        }));

        present.Should().BeEquivalentTo([first.Id, second.Id], "a conversation that does not exist is left out");
        otherWriter.Should().Be(PostgresErrorCodes.LockNotAvailable, "the row stays locked until the batch commits");
        var sql = counter.Commands.Select(c => c.Sql).ToList();
        sql.Count(s => s.Contains("FOR NO KEY UPDATE", StringComparison.Ordinal)).Should().Be(1, "one statement locks every conversation of the batch");
        sql.Should().NotContain(s => s.TrimStart().StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase), "no UPDATE per conversation");
    }

    [Fact]
    public async Task The_new_message_push_is_built_from_what_the_batch_wrote_without_reading_the_message_back()
    {
        await Host.As(_alice.Id).SendAsync(new SendMessageCommand(_group.Id, "warm-up"));
        _commands.Reset();
        _commands.Recording = true;
        var result = await Host.As(_bob.Id).SendAsync(new SendMessageCommand(_group.Id, "straight from the batch @carol", "from-memory"));
        _commands.Recording = false;

        var sql = _commands.Commands.Select(c => c.Sql).ToList();
        var insert = sql.FindIndex(c => c.Contains("INSERT INTO \"Messages\"", StringComparison.Ordinal));
        insert.Should().BeGreaterThanOrEqualTo(0);
        sql.Skip(insert + 1).Should().NotContain(c => c.Contains("FROM \"Messages\"", StringComparison.Ordinal), "the fan-out builds its push from the batch's memory");
        var pushed = Host.Published<NewMessageEvent>().Where(e => e.Message.Id == result.Message.Id).ToList();
        pushed.Should().ContainSingle();
        pushed[0].Message.Should().BeEquivalentTo(result.Message with { Status = null }, "the push is the stored message as the others see it");
        pushed[0].Message.Mentions.Should().Equal(_carol.Id);
    }

    [PostgresFact]
    public async Task A_marker_moved_by_the_senders_other_device_while_the_batch_saves_waits_for_the_commit_instead_of_failing_the_batch_on_Postgres()
    {
        var pause = new PauseBeforeMessageInsert();
        await using var host = await ApplicationTestHost.CreateAsync(
            services => services.ConfigureDbContext<ChatDbContext>(options => options.AddInterceptors(pause)), DatabaseProvider.Postgres);
        var users = await host.Given.UsersAsync("alice", "bob");
        var (alice, bob) = (users[0], users[1]);
        var group = await host.Given.GroupAsync(alice, "team", bob);
        await host.As(bob.Id).SendAsync(new SendMessageCommand(group.Id, "one"));
        await host.As(bob.Id).SendAsync(new SendMessageCommand(group.Id, "two"));

        // Alice's other device acknowledges bob's two messages just as her send is being saved (after the batch read
        // her row). Before the senders' rows were locked, that update committed at once and the batch's save found
        // alice's delivery marker changed: the batch failed and was stored again (after three losses: a 404).
        Task? otherDevice = null;
        pause.Arm(async () =>
        {
            otherDevice = host.As(alice.Id).SendAsync(new MarkDeliveredCommand(group.Id, 2));
            await Task.WhenAny(otherDevice, Task.Delay(TimeSpan.FromSeconds(1)));
        });
        var sent = await host.As(alice.Id).SendAsync(new SendMessageCommand(group.Id, "mine", "mine-1")).WaitAsync(Patience);
        await otherDevice!.WaitAsync(Patience);

        sent.Created.Should().BeTrue();
        sent.Message.Seq.Should().Be(3);
        pause.Inserts.Should().Be(1, "the batch committed at its first attempt; the other device's marker waited for it");
        var row = (await host.RowsAsync<ConversationParticipant>()).Single(p => p.ConversationId == group.Id && p.UserId == alice.Id);
        row.LastReadSeq.Should().Be(3);
        row.LastDeliveredSeq.Should().Be(3, "the marker waited, re-read and found itself behind: markers never move back");
    }

    private static string FirstLine(string sql) => sql.Split('\n')[0].Trim();

    private Task<Task<SendMessageResult>> QueueAsync(User sender, SendMessageCommand command, int expectQueued) =>
        QueueAsync(Host, sender, command, expectQueued);

    /// <summary>Sends as <paramref name="sender"/> and returns once the send is queued, with <paramref name="expectQueued"/> sends waiting (0: the writer took it).</summary>
    private static async Task<Task<SendMessageResult>> QueueAsync(ApplicationTestHost host, User sender, SendMessageCommand command, int expectQueued)
    {
        var writer = host.Service<MessageWriter>();
        var accepted = writer.Accepted;
        var send = host.As(sender.Id).SendAsync(command);
        var deadline = DateTime.UtcNow + Patience;
        while (writer.Accepted != accepted + 1 || writer.Queued != expectQueued)
        {
            if (send.IsCompleted || DateTime.UtcNow > deadline)
            {
                await send;
                throw new TimeoutException($"The send was not queued (queued: {writer.Queued}, expected {expectQueued}).");
            }

            await Task.Delay(10);
        }

        return send;
    }

    private static string Upper(Guid id) => id.ToString().ToUpperInvariant();

    private static string Where(string column, Guid id) => $"upper({column}) = '{Upper(id)}'";

    /// <summary>SQLite's write lock, held by another connection until disposed (which commits what it changed).</summary>
    private sealed class WriteLock : IAsyncDisposable
    {
        private readonly SqliteConnection _connection;

        private WriteLock(SqliteConnection connection) => _connection = connection;

        public static async Task<WriteLock> TakeAsync(ApplicationTestHost host)
        {
            var connection = new SqliteConnection(host.Database.ConnectionString);
            await connection.OpenAsync();
            var writeLock = new WriteLock(connection);
            await writeLock.ExecuteAsync("BEGIN IMMEDIATE");
            return writeLock;
        }

        public async Task ExecuteAsync(string sql)
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await ExecuteAsync("COMMIT");
            await _connection.DisposeAsync();
        }
    }

    /// <summary>Runs what <see cref="Arm"/> was given once, before the next command that inserts a message is sent; counts those commands from then on.</summary>
    private sealed class PauseBeforeMessageInsert : DbCommandInterceptor
    {
        private Func<Task>? _before;
        private int _inserts;

        public void Arm(Func<Task> before)
        {
            Volatile.Write(ref _inserts, 0);
            Volatile.Write(ref _before, before);
        }

        public int Inserts => Volatile.Read(ref _inserts);

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await SeeAsync(command);
            return result;
        }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await SeeAsync(command);
            return result;
        }

        private async Task SeeAsync(DbCommand command)
        {
            if (!command.CommandText.Contains("INSERT INTO \"Messages\"", StringComparison.Ordinal))
            {
                return;
            }

            Interlocked.Increment(ref _inserts);
            if (Interlocked.Exchange(ref _before, null) is { } before)
            {
                await before();
            }
        }
    }
}
