using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.Api.Tests.Rooms;
using Chat.Infrastructure.Realtime;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Api.Tests.Realtime;

/// <summary>
/// The fan-out of conversation events: recipients from the node's cache (kept in step by membership changes), one
/// serialization per view, and what happens under overload (senders refused, readers kept).
/// </summary>
public sealed class FanOutTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ChatApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private RecipientCache Cache => _factory.Services.GetRequiredService<RecipientCache>();

    private FanOutQueue FanOut => _factory.Services.GetRequiredService<FanOutQueue>();

    [Fact]
    public async Task A_member_removed_from_a_group_whose_recipients_were_cached_receives_no_further_message()
    {
        var (alice, bob, carol) = await ThreeAsync();
        var group = await alice.GroupWithAsync(bob, carol);
        await using var bobPhone = await TestSocket.OpenAsync(_factory, bob, "presence");
        await using var carolPhone = await TestSocket.OpenAsync(_factory, carol, "presence");
        await alice.PostMessageAsync(group, "before");
        (await carolPhone.ExpectAsync("new_message")).GetProperty("message").GetProperty("content").GetString().Should().Be("before");
        await bobPhone.ExpectAsync("new_message");
        var loads = Cache.Loads;

        var removal = await alice.Client.DeleteAsync($"/api/v1/conversations/{group}/members/{carol.Id}");
        removal.StatusCode.Should().Be(HttpStatusCode.NoContent, await removal.Content.ReadAsStringAsync());
        await alice.PostMessageAsync(group, "after");

        await ExpectMessageAsync(bobPhone, "after");
        (await carolPhone.DrainAsync()).Should().NotContain(f => f.GetProperty("type").GetString() == "new_message", "carol left before the message was sent");
        Cache.Loads.Should().BeGreaterThan(loads, "the removal dropped the cached recipients, so they were read again");
    }

    [Theory]
    [InlineData("kicked")]
    [InlineData("banned")]
    public async Task A_member_kicked_or_banned_from_a_room_whose_channel_recipients_were_cached_receives_no_further_message(string how)
    {
        var (owner, member, bystander) = await ThreeAsync();
        var roomId = await owner.CreateRoomIdAsync();
        await member.JoinAsync(roomId);
        await bystander.JoinAsync(roomId);
        var general = await owner.GeneralChannelAsync(roomId);
        await using var memberSocket = await TestSocket.OpenAsync(_factory, member, "presence");
        await using var bystanderSocket = await TestSocket.OpenAsync(_factory, bystander, "presence");
        await owner.SendAsync(general, "warm the cache");
        await ExpectMessageAsync(memberSocket, "warm the cache");
        await ExpectMessageAsync(bystanderSocket, "warm the cache");

        var removal = how == "kicked"
            ? await owner.Client.DeleteAsync($"/api/v1/rooms/{roomId}/members/{member.Id}")
            : await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/bans", new { userId = member.Id });
        removal.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await owner.SendAsync(general, "after the removal");

        await ExpectMessageAsync(bystanderSocket, "after the removal");
        (await memberSocket.DrainAsync()).Should().NotContain(f => f.GetProperty("type").GetString() == "new_message");
    }

    [Fact]
    public async Task Recipients_are_read_once_and_then_served_from_the_cache_for_every_message()
    {
        var (alice, bob, carol) = await ThreeAsync();
        var group = await alice.GroupWithAsync(bob, carol);
        await using var bobPhone = await TestSocket.OpenAsync(_factory, bob, "presence");
        await alice.PostMessageAsync(group, "first");
        await ExpectMessageAsync(bobPhone, "first");
        var (loads, hits) = (Cache.Loads, Cache.Hits);

        for (var i = 0; i < 5; i++)
        {
            await alice.PostMessageAsync(group, "more " + i);
        }

        for (var i = 0; i < 5; i++)
        {
            await ExpectMessageAsync(bobPhone, "more " + i);
        }

        Cache.Loads.Should().Be(loads, "no membership query per message");
        Cache.Hits.Should().BeGreaterThanOrEqualTo(hits + 5);
    }

    [Fact]
    public async Task Without_the_cache_recipients_are_read_for_every_event()
    {
        await using var factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?> { ["Chat:Realtime:CacheRecipients"] = "false" });
        var alice = await factory.RegisterUserAsync("alice");
        var bob = await factory.RegisterUserAsync("bob");
        var group = await alice.GroupWithAsync(bob);
        await using var bobPhone = await TestSocket.OpenAsync(factory, bob, "presence");

        await alice.PostMessageAsync(group, "one");
        await alice.PostMessageAsync(group, "two");

        await ExpectMessageAsync(bobPhone, "one");
        await ExpectMessageAsync(bobPhone, "two");
        var cache = factory.Services.GetRequiredService<RecipientCache>();
        (cache.Loads + cache.Hits).Should().Be(0, "the cache is not used");
        cache.Count.Should().Be(0);
    }

    [Fact]
    public async Task A_group_message_is_serialized_once_for_all_recipient_sockets_and_a_direct_one_twice()
    {
        var (alice, bob, carol) = await ThreeAsync();
        var group = await alice.GroupWithAsync(bob, carol);
        var direct = await alice.DirectWithAsync(bob);
        var sockets = new List<TestSocket>();
        foreach (var user in new[] { alice, alice, bob, bob, carol, carol })
        {
            sockets.Add(await TestSocket.OpenAsync(_factory, user, "presence"));
        }

        try
        {
            var before = FanOut.ViewsSerialized;
            await alice.PostMessageAsync(group, "to everyone");
            var frames = new List<JsonElement>();
            foreach (var socket in sockets)
            {
                frames.Add(await ExpectMessageAsync(socket, "to everyone"));
            }

            FanOut.ViewsSerialized.Should().Be(before + 1, "six sockets, one view, one serialization");
            frames.Select(f => f.GetRawText()).Distinct().Should().ContainSingle("every socket got the same bytes");

            before = FanOut.ViewsSerialized;
            await alice.PostMessageAsync(direct, "just us");
            var own = await ExpectMessageAsync(sockets[0], "just us");
            var theirs = await ExpectMessageAsync(sockets[2], "just us");
            await ExpectMessageAsync(sockets[1], "just us");
            await ExpectMessageAsync(sockets[3], "just us");
            FanOut.ViewsSerialized.Should().Be(before + 2, "the sender's own view carries its status");
            own.GetProperty("message").GetProperty("status").GetString().Should().Be("sent");
            theirs.GetProperty("message").TryGetProperty("status", out var status).Should().BeFalse(status.ToString());
        }
        finally
        {
            foreach (var socket in sockets)
            {
                await socket.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_new_message_frame_is_small_and_leaves_out_empty_optional_fields()
    {
        var (alice, bob, _) = await ThreeAsync();
        var group = await alice.GroupWithAsync(bob);
        await using var bobPhone = await TestSocket.OpenAsync(_factory, bob, "presence");
        var text = new string('x', 100);

        await alice.PostMessageAsync(group, text, clientMessageId: Guid.NewGuid().ToString());

        var frame = await ExpectMessageAsync(bobPhone, text);
        var message = frame.GetProperty("message");
        foreach (var optional in new[] { "replyToId", "threadRootId", "editedAt", "deletedAt", "status" })
        {
            message.TryGetProperty(optional, out _).Should().BeFalse(optional + " is optional (rest.md \"Message\") and empty");
        }

        foreach (var required in new[] { "id", "conversationId", "seq", "version", "sender", "content", "clientMessageId", "replyCount", "attachments", "reactions", "mentions", "createdAt", "isDeleted" })
        {
            message.TryGetProperty(required, out _).Should().BeTrue(required);
        }
    }

    [Fact]
    public async Task With_large_rounds_held_messages_reach_every_socket_once_in_seq_order_in_fewer_rounds_than_messages()
    {
        // Every round counts as large, and the window is long: the burst's later messages wait for the window and go
        // out together, so every socket is woken once for several frames.
        await using var factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?>
        {
            ["Chat:Realtime:FanOutCoalesceRecipients"] = "1",
            ["Chat:Realtime:FanOutCoalesceMilliseconds"] = "1500",
        });
        var alice = await factory.RegisterUserAsync("alice");
        var bob = await factory.RegisterUserAsync("bob");
        var carol = await factory.RegisterUserAsync("carol");
        var group = await alice.GroupWithAsync(bob, carol);
        await using var bobPhone = await TestSocket.OpenAsync(factory, bob, "presence");
        await using var carolPhone = await TestSocket.OpenAsync(factory, carol, "presence");
        var fanOut = factory.Services.GetRequiredService<FanOutQueue>();
        var roundsBefore = fanOut.Rounds;

        // One at a time: each is its own commit and its own push, so without the window each would be its own round.
        for (var i = 0; i < 20; i++)
        {
            var answer = await alice.Client.PostAsJsonAsync($"/api/v1/conversations/{group}/messages", new { content = "held " + i, clientMessageId = "h" + i });
            answer.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        foreach (var phone in new[] { bobPhone, carolPhone })
        {
            var seqs = new List<long>();
            for (var i = 0; i < 20; i++)
            {
                seqs.Add((await phone.ExpectAsync("new_message")).Seq());
            }

            seqs.Should().Equal(Enumerable.Range(1, 20).Select(s => (long)s), "every message once, in seq order");
            (await phone.DrainAsync()).Should().NotContain(f => f.GetProperty("type").GetString() == "new_message", "no message twice");
        }

        (fanOut.Rounds - roundsBefore).Should().BeLessThanOrEqualTo(10, "messages stored while a round was held went out together");
    }

    [Fact]
    public async Task Thirty_concurrent_sends_of_one_user_into_one_conversation_all_succeed_at_the_default_limits()
    {
        await using var factory = await ChatApiFactory.CreateAsync(DefaultSendLimits);
        var alice = await factory.RegisterUserAsync("alice");
        var bob = await factory.RegisterUserAsync("bob");
        var group = await alice.GroupWithAsync(bob);
        await using var bobPhone = await TestSocket.OpenAsync(factory, bob, "presence");

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            alice.Client.PostAsJsonAsync($"/api/v1/conversations/{group}/messages", new { content = "burst " + i, clientMessageId = "b" + i })));

        answers.Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.Created);
        var seqs = new List<long>();
        for (var i = 0; i < 30; i++)
        {
            seqs.Add((await bobPhone.ExpectAsync("new_message")).Seq());
        }

        seqs.Should().Equal(Enumerable.Range(1, 30).Select(s => (long)s), "every message, in seq order");
    }

    [Fact]
    public async Task Two_hundred_socket_sends_in_a_burst_are_each_answered_by_ref_at_the_default_limits()
    {
        await using var factory = await ChatApiFactory.CreateAsync(DefaultSendLimits);
        var alice = await factory.RegisterUserAsync("alice");
        var bob = await factory.RegisterUserAsync("bob");
        var group = await alice.GroupWithAsync(bob);
        await using var alicePhone = await TestSocket.OpenAsync(factory, alice, "presence");
        await using var bobPhone = await TestSocket.OpenAsync(factory, bob, "presence");

        for (var i = 0; i < 200; i++)
        {
            await alicePhone.SendAsync(new { type = "send_message", @ref = "r" + i, conversationId = group, content = "burst " + i, clientMessageId = "c" + i });
        }

        var answers = await AnswersByRefAsync(alicePhone, 200);

        answers.Keys.Should().BeEquivalentTo(Enumerable.Range(0, 200).Select(i => "r" + i));
        var sent = answers.Values.Count(a => a.GetProperty("type").GetString() == "message_sent");
        sent.Should().Be(30, "the user's message permits; the rest are refused, each with its own answer");
        answers.Values.Where(a => a.GetProperty("type").GetString() != "message_sent").Should().HaveCount(170).And.OnlyContain(a => IsRateLimited(a));
        for (var i = 0; i < sent; i++)
        {
            await bobPhone.ExpectAsync("new_message");
        }

        await bobPhone.ExpectNothingAsync();
        factory.Services.GetRequiredService<ConnectionRegistry>().ConnectionCount.Should().Be(2, "the burst closed no socket");
    }

    [Fact]
    public async Task When_the_fan_out_falls_behind_senders_get_rate_limited_and_no_reading_socket_is_closed()
    {
        // Every event frame counts as late, so the fan-out reports overload as soon as a few have been written.
        await using var factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?>
        {
            ["Chat:Realtime:FanOutLagMilliseconds"] = "0",
            ["Chat:Realtime:FanOutLagFrames"] = "0",
        });
        var alice = await factory.RegisterUserAsync("alice");
        var bob = await factory.RegisterUserAsync("bob");
        var carol = await factory.RegisterUserAsync("carol");
        var group = await alice.GroupWithAsync(bob, carol);
        await using var alicePhone = await TestSocket.OpenAsync(factory, alice, "presence");
        var readers = new List<TestSocket>();
        foreach (var reader in Enumerable.Repeat(bob, 8).Concat(Enumerable.Repeat(carol, 8)))
        {
            readers.Add(await TestSocket.OpenAsync(factory, reader, "presence"));
        }

        for (var i = 0; i < 100; i++)
        {
            await alicePhone.SendAsync(new { type = "send_message", @ref = "r" + i, conversationId = group, content = "flood " + i, clientMessageId = "c" + i });
        }

        var answers = await AnswersByRefAsync(alicePhone, 100);

        answers.Values.Should().Contain(a => IsRateLimited(a), "the overloaded fan-out refuses senders");
        answers.Values.Should().OnlyContain(a => a.GetProperty("type").GetString() == "message_sent" || IsRateLimited(a));
        answers.Values.Where(IsRateLimited).Should().OnlyContain(a => a.GetProperty("retryAfterSeconds").GetInt32() <= 2, "Retry-After ≤ 2 s");
        var registry = factory.Services.GetRequiredService<ConnectionRegistry>();
        registry.ConnectionCount.Should().Be(17, "readers are not dropped");
        var rest = await alice.Client.PostAsJsonAsync($"/api/v1/conversations/{group}/messages", new { content = "over REST" });
        rest.StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.TooManyRequests);
        if (rest.StatusCode == HttpStatusCode.TooManyRequests)
        {
            rest.Headers.RetryAfter!.Delta!.Value.Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(2));
        }

        var accepted = answers.Values.Count(a => a.GetProperty("type").GetString() == "message_sent");
        if (rest.StatusCode == HttpStatusCode.Created)
        {
            accepted++;
        }

        foreach (var reader in readers)
        {
            for (var pushed = 0; pushed < accepted; pushed++)
            {
                await reader.ExpectAsync("new_message");
            }

            await reader.DisposeAsync();
        }

        await SocketConnectionTests.WaitUntilAsync(() => registry.ConnectionCount == 1);
    }

    // The default permits (30 messages per user, 60 commands per socket) over a window long enough that a slow test
    // machine cannot stretch a burst across two windows.
    private static readonly Dictionary<string, string?> DefaultSendLimits = new()
    {
        ["Chat:RateLimits:SendMessage:PermitLimit"] = "30",
        ["Chat:RateLimits:SendMessage:WindowSeconds"] = "600",
        ["Chat:RateLimits:Socket:PermitLimit"] = "60",
        ["Chat:RateLimits:Socket:WindowSeconds"] = "600",
    };

    private static bool IsRateLimited(JsonElement answer) =>
        answer.GetProperty("type").GetString() == "error"
        && answer.GetProperty("code").GetString() == "rate_limited"
        && answer.GetProperty("retryAfterSeconds").GetInt32() >= 1;

    // The sending socket's answers (message_sent or error) by their ref; other frames are skipped.
    private static async Task<Dictionary<string, JsonElement>> AnswersByRefAsync(TestSocket socket, int count)
    {
        var answers = new Dictionary<string, JsonElement>();
        while (answers.Count < count)
        {
            var frame = await socket.NextAsync();
            if (frame.TryGetProperty("ref", out var reference) && reference.ValueKind == JsonValueKind.String)
            {
                answers.Add(reference.GetString()!, frame);
            }
        }

        return answers;
    }

    private static async Task<JsonElement> ExpectMessageAsync(TestSocket socket, string content)
    {
        while (true)
        {
            var frame = await socket.NextAsync();
            if (frame.GetProperty("type").GetString() == "new_message")
            {
                frame.GetProperty("message").GetProperty("content").GetString().Should().Be(content);
                return frame;
            }
        }
    }

    private async Task<(TestUser, TestUser, TestUser)> ThreeAsync()
    {
        var users = await _factory.UsersAsync(3, "f" + Guid.NewGuid().ToString("N")[..6]);
        return (users[0], users[1], users[2]);
    }
}
