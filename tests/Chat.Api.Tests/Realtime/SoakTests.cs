using System.Diagnostics;
using Chat.Api.Realtime;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Persistence;
using Chat.Infrastructure.Realtime;
using Chat.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Chat.Api.Tests.Realtime;

/// <summary>
/// 200 sockets and a few thousand messages at once: every message reaches every recipient socket exactly once (in
/// order), and once the sockets close nothing is left behind. It asserts no speed (a loaded 2-core machine is slow,
/// not wrong): every wait is bounded generously, and the whole run by a hang guard of several minutes. It runs alone,
/// after the tests that run in parallel; the timings it prints are for reading, not for passing.
/// </summary>
[Collection(Name)]
public sealed class SoakTests(ITestOutputHelper output) : IAsyncLifetime
{
    public const string Name = "Soak";

    private const int Groups = 10;
    private const int UsersPerGroup = 5;
    private const int SocketsPerUser = 4;
    private const int MessagesPerUser = 40;
    private const int InFlight = 4;

    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);

    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync()
    {
        // Pooled connections, as the server has in production (the shared test default turns pooling off).
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _factory = new ChatApiFactory(database, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Chat"] = database.ConnectionString.Replace("Pooling=False", "Pooling=True", StringComparison.OrdinalIgnoreCase),
        });
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Two_hundred_sockets_get_every_message_exactly_once_and_the_registry_empties_afterwards()
    {
        var clock = Stopwatch.StartNew();
        // A hang guard, not a speed bound: a TimeoutException here means something stopped, not that it was slow.
        await RunAsync(clock).WaitAsync(HangGuard);
    }

    private async Task RunAsync(Stopwatch clock)
    {
        var groups = await Task.WhenAll(Enumerable.Range(0, Groups).Select(async g =>
        {
            var members = await _factory.UsersAsync(UsersPerGroup, $"g{g}u");
            return (Conversation: await members[0].GroupWithAsync(members[1..]), Members: members);
        }));
        output.WriteLine($"set up {Groups} groups in {clock.ElapsedMilliseconds} ms");

        var clients = (await Task.WhenAll(groups.SelectMany(g => g.Members.SelectMany(member => Enumerable.Range(0, SocketsPerUser).Select(async s =>
            new Client(g.Conversation, member, await TestSocket.OpenAsync(_factory, member, "presence"), Sends: s == 0)))))).ToList();
        var registry = _factory.Services.GetRequiredService<ConnectionRegistry>();
        registry.ConnectionCount.Should().Be(Groups * UsersPerGroup * SocketsPerUser);
        output.WriteLine($"opened {clients.Count} sockets at {clock.ElapsedMilliseconds} ms");

        var perConversation = UsersPerGroup * MessagesPerUser;
        var receiving = clients.Select(c => Task.Run(() => c.ReceiveAsync(perConversation))).ToList();

        // Round robin over the 50 users, a few messages in flight at any time (SQLite stores one at a time anyway),
        // while all 200 sockets receive.
        var sent = Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(InFlight))
        {
            var inFlight = new List<Task>();
            for (var n = 0; n < MessagesPerUser; n++)
            {
                foreach (var client in clients.Where(c => c.Sends))
                {
                    await gate.WaitAsync();
                    var number = n;
                    inFlight.Add(Task.Run(async () =>
                    {
                        await client.SendAsync(number);
                        (await client.Acks.WaitAsync(TestSocket.Patience)).Should().BeTrue("every send is answered with message_sent");
                        gate.Release();
                    }));
                }
            }

            await Task.WhenAll(inFlight);
        }

        await Task.WhenAll(receiving);
        output.WriteLine($"{Groups * perConversation} messages to {clients.Count} sockets in {sent.ElapsedMilliseconds} ms");

        await Task.WhenAll(clients.Select(c => c.Socket.CloseAsync()));
        await SocketConnectionTests.WaitUntilAsync(() => registry.ConnectionCount == 0);
        registry.OnlineUserCount.Should().Be(0);
        var sequencer = _factory.Services.GetRequiredService<RealtimeEventSequencer>();
        sequencer.ActiveStreamCount.Should().Be(0);
        sequencer.HeldCount.Should().Be(0);
        _factory.Services.GetRequiredService<DeliveryReceipts>().PendingCount.Should().Be(0);
        foreach (var c in clients)
        {
            await c.Socket.DisposeAsync();
        }

        output.WriteLine($"done in {clock.ElapsedMilliseconds} ms");
    }

    private sealed record Client(Guid Conversation, TestUser User, TestSocket Socket, bool Sends)
    {
        public SemaphoreSlim Acks { get; } = new(0);

        public Task SendAsync(int number) =>
            Socket.SendAsync(new { type = "send_message", conversationId = Conversation, content = $"{User.Username} #{number}", clientMessageId = $"{User.Id}-{number}" });

        // Every message of the conversation exactly once: pushed (in seq order), or, for its own, answered.
        public async Task ReceiveAsync(int expected)
        {
            var seqs = new List<long>();
            var pushed = new List<long>();
            var strays = new List<string>();
            while (seqs.Count < expected)
            {
                var frame = await Socket.NextAsync();
                var type = frame.GetProperty("type").GetString();
                var ownAnswer = type == "message_sent" && Sends;
                if ((type != "new_message" && !ownAnswer) || frame.GetProperty("message").GetProperty("conversationId").GetGuid() != Conversation)
                {
                    strays.Add(frame.GetRawText());
                    continue;
                }

                seqs.Add(frame.Seq());
                if (ownAnswer)
                {
                    Acks.Release();
                }
                else
                {
                    pushed.Add(frame.Seq());
                }
            }

            strays.Should().BeEmpty("a socket gets only its own conversation's messages, and only the sending socket is answered");

            seqs.Should().BeEquivalentTo(Enumerable.Range(1, expected).Select(v => (long)v), "each message exactly once");
            pushed.Should().BeInAscendingOrder();
            (await Socket.DrainAsync()).Should().BeEmpty("nothing more, nothing twice");
        }
    }
}
