using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.TestSupport;
using Xunit;

namespace Chat.Api.Tests.ScaleOut;

/// <summary>Three nodes, one PostgreSQL database, one Redis, started once for the class (README "Several nodes").</summary>
public sealed class ThreeNodeCluster : IAsyncLifetime
{
    public Cluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresSkipReason is null && TestEnvironment.RedisSkipReason is null)
        {
            Cluster = await Cluster.StartAsync(3);
        }
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}

/// <summary>
/// Several nodes act as one: every event reaches every socket on every node exactly once and in each conversation's
/// order; a ticket bought on one node opens a socket on another (once); presence follows a user across nodes with one
/// announcement per real change; a login ended on one node closes its sockets on the others; rate limits count across
/// nodes. Real processes, loopback ports, PostgreSQL and redis-server.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class MultiNodeTests(ThreeNodeCluster fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ThreeNodeCluster>
{
    private Cluster Cluster => fixture.Cluster;

    [RedisPostgresFact]
    public async Task Every_event_reaches_every_socket_on_every_node_exactly_once_in_conversation_order_Postgres()
    {
        var nodes = Cluster.Nodes;
        var owner = await Cluster.RegisterAsync(nodes[0], "own");
        var a = await Cluster.RegisterAsync(nodes[1], "mema");
        var b = await Cluster.RegisterAsync(nodes[2], "memb");
        await Cluster.BefriendAsync(owner, a);
        await Cluster.BefriendAsync(owner, b);
        var conversation = await Cluster.StartGroupAsync(owner, a, b);

        // Four sockets over three nodes; b has two devices on different nodes.
        await using var s0 = await NodeSocket.OpenAsync(nodes[0], await Cluster.TicketAsync(nodes[0], owner));
        await using var s1 = await NodeSocket.OpenAsync(nodes[1], await Cluster.TicketAsync(nodes[1], a));
        await using var s2 = await NodeSocket.OpenAsync(nodes[2], await Cluster.TicketAsync(nodes[2], b));
        await using var s3 = await NodeSocket.OpenAsync(nodes[0], await Cluster.TicketAsync(nodes[0], b));
        NodeSocket[] sockets = [s0, s1, s2, s3];
        await Cluster.WaitAsync(() => sockets.All(s => s.OfType("online_friends").Count == 1), "every socket is greeted");

        // Each member sends through their own node, all at once.
        const int PerSender = 15;
        var senders = new[] { (owner, nodes[0]), (a, nodes[1]), (b, nodes[2]) };
        var sent = await Task.WhenAll(senders.Select(async s =>
        {
            using var client = Cluster.ClientOf(s.Item2, s.Item1.AccessToken);
            var ids = new List<Guid>();
            for (var i = 0; i < PerSender; i++)
            {
                var response = await client.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { content = $"m{i}", clientMessageId = Guid.NewGuid().ToString() });
                response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
                ids.Add((await response.ReadJsonAsync()).GetProperty("id").GetGuid());
            }

            return ids;
        }));
        var all = sent.SelectMany(ids => ids).ToHashSet();

        await Cluster.WaitAsync(() => sockets.All(s => s.OfType("new_message").Count >= all.Count), "every socket receives every message");
        await Task.Delay(TimeSpan.FromSeconds(1)); // a duplicate would arrive now
        foreach (var line in nodes.SelectMany(n => n.StandardOutput.Split('\n')).Where(l => l.Contains("waited", StringComparison.Ordinal) || l.Contains("arrived after", StringComparison.Ordinal) || l.Contains("Redis:", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }

        for (var i = 0; i < sockets.Length; i++)
        {
            var messages = sockets[i].OfType("new_message").Select(f => f.GetProperty("message")).ToList();
            messages.Select(m => m.GetProperty("id").GetGuid()).Should().OnlyHaveUniqueItems($"socket {i} receives each message once")
                .And.BeEquivalentTo(all, $"socket {i} receives every message");
            messages.Select(m => m.GetProperty("seq").GetInt64()).Should().BeInAscendingOrder($"socket {i} receives the conversation in seq order");
            sockets[i].OfType("catch_up").Should().BeEmpty("nothing was missed");
        }

        // Ephemeral events cross nodes too: the owner types on node 0, the members see it on nodes 1 and 2.
        await s0.SendAsync(new { type = "typing", conversationId = conversation, isTyping = true });
        await Cluster.WaitAsync(
            () => new[] { s1, s2 }.All(s => s.OfType("typing").Any(t => t.GetProperty("userId").GetGuid() == owner.Id)),
            "typing reaches the other nodes");
    }

    [RedisPostgresFact]
    public async Task A_ticket_bought_on_one_node_opens_a_socket_on_another_and_only_once_Postgres()
    {
        var nodes = Cluster.Nodes;
        var user = await Cluster.RegisterAsync(nodes[0], "tick");
        var ticket = await Cluster.TicketAsync(nodes[0], user);

        await using var socket = await NodeSocket.OpenAsync(nodes[1], ticket);
        await Cluster.WaitAsync(() => socket.OfType("connection_established").Count == 1, "the socket opens on the other node");
        socket.OfType("connection_established")[0].GetProperty("userId").GetGuid().Should().Be(user.Id);

        foreach (var node in new[] { nodes[0], nodes[2] })
        {
            var again = async () => await NodeSocket.OpenAsync(node, ticket);
            (await again.Should().ThrowAsync<WebSocketException>()).Which.Message.Should().Contain("401", "a ticket is single use across nodes");
        }
    }

    [RedisPostgresFact]
    public async Task Presence_follows_a_user_across_nodes_with_one_announcement_per_real_change_Postgres()
    {
        var nodes = Cluster.Nodes;
        var watcher = await Cluster.RegisterAsync(nodes[0], "watch");
        var mover = await Cluster.RegisterAsync(nodes[1], "move");
        await Cluster.BefriendAsync(watcher, mover);
        await using var watching = await NodeSocket.OpenAsync(nodes[0], await Cluster.TicketAsync(nodes[0], watcher));
        await Cluster.WaitAsync(() => watching.OfType("online_friends").Count == 1, "the watcher is greeted");
        List<bool> Seen() => watching.OfType("presence").Where(p => p.GetProperty("userId").GetGuid() == mover.Id).Select(p => p.GetProperty("isOnline").GetBoolean()).ToList();

        var onB = await NodeSocket.OpenAsync(nodes[1], await Cluster.TicketAsync(nodes[1], mover));
        await Cluster.WaitAsync(() => Seen().Count == 1, "the watcher on node 0 learns that the mover came online on node 1");

        var onC = await NodeSocket.OpenAsync(nodes[2], await Cluster.TicketAsync(nodes[2], mover));
        await Cluster.WaitAsync(() => onC.OfType("online_friends").Count == 1, "the second device is greeted");
        await using (var late = await NodeSocket.OpenAsync(nodes[0], await Cluster.TicketAsync(nodes[0], watcher)))
        {
            await Cluster.WaitAsync(() => late.OfType("online_friends").Count == 1, "a new socket is greeted");
            late.OfType("online_friends")[0].GetProperty("friends").EnumerateArray().Select(f => f.GetGuid()).Should()
                .Contain(mover.Id, "a node sees friends online on other nodes");
        }

        await onB.DisposeAsync();
        await onC.DisposeAsync();
        await Cluster.WaitAsync(() => Seen().Count >= 2, "the watcher learns that the mover went offline once the last device closed");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Seen().Should().Equal([true, false], "one announcement per real change, not one per node");
    }

    [RedisPostgresFact]
    public async Task A_login_ended_on_one_node_closes_its_sockets_on_the_other_nodes_Postgres()
    {
        var nodes = Cluster.Nodes;
        var user = await Cluster.RegisterAsync(nodes[0], "leave");
        await using var onB = await NodeSocket.OpenAsync(nodes[1], await Cluster.TicketAsync(nodes[1], user));
        await using var onC = await NodeSocket.OpenAsync(nodes[2], await Cluster.TicketAsync(nodes[2], user));
        await Cluster.WaitAsync(() => onB.OfType("online_friends").Count == 1 && onC.OfType("online_friends").Count == 1, "both sockets are greeted");

        using var client = Cluster.ClientOf(nodes[0], user.AccessToken);
        (await client.PostAsync(new Uri("/api/v1/auth/logout-all", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await Cluster.WaitAsync(() => onB.Closed && onC.Closed, "the sockets on the other nodes close", TimeSpan.FromSeconds(30));
        onB.CloseStatus.Should().Be((WebSocketCloseStatus)4001);
        onC.CloseStatus.Should().Be((WebSocketCloseStatus)4001);
    }

    [RedisPostgresFact]
    public async Task A_users_rate_limit_counts_their_requests_on_every_node_together_Postgres()
    {
        // CreateConversation: 30 per 60 s per user by default (a token back every 2 s). Twenty on each node would all
        // pass if each node counted alone; counted together, about 30 pass.
        var nodes = Cluster.Nodes;
        var owner = await Cluster.RegisterAsync(nodes[0], "rate");
        var friend = await Cluster.RegisterAsync(nodes[1], "ratf");
        await Cluster.BefriendAsync(owner, friend);
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 60; i++)
        {
            using var client = Cluster.ClientOf(nodes[i % 3], owner.AccessToken);
            var response = await client.PostAsJsonAsync("/api/v1/conversations/group", new { title = $"g{i}", memberIds = new[] { friend.Id } });
            answers.Add(response.StatusCode);
        }

        answers.Should().OnlyContain(s => s == HttpStatusCode.Created || s == HttpStatusCode.TooManyRequests);
        answers.Count(s => s == HttpStatusCode.Created).Should().BeGreaterThanOrEqualTo(30);
        answers.Take(30).Should().OnlyContain(s => s == HttpStatusCode.Created, "the first 30 are within the limit");
        answers.Should().Contain(HttpStatusCode.TooManyRequests, "the nodes count one user's requests together");
    }
}
