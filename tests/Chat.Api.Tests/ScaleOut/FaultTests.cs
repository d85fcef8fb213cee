using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Chat.Api.Tests.ScaleOut;

/// <summary>
/// Faults injected while messages stream through several nodes (docs/scale-out.md, figures there): Redis paused
/// (SIGSTOP) and killed and restarted; a node killed with SIGKILL and another drained; PostgreSQL restarted. The <see cref="Workload"/> checker holds every
/// acknowledged send against every receiver's final state: nothing lost, nothing delivered twice, no hole.
/// Each test is bounded (every wait has a limit) and prints its figures.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class FaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(40);

    [RedisPostgresFact]
    public async Task Redis_paused_then_killed_and_restarted_mid_stream_loses_no_acknowledged_message_Postgres()
    {
        await using var cluster = await Cluster.StartAsync(2);
        await using var workload = await StartAsync(cluster);
        await workload.WaitForMoreAcknowledgedAsync(20);

        cluster.Redis.Pause();
        await Task.Delay(TimeSpan.FromSeconds(4));
        await workload.WaitForMoreAcknowledgedAsync(10); // sends go on while Redis is paused
        (await cluster.ReadinessAsync(cluster.Nodes[0])).Should().EndWith("(200)", "a node without Redis stays in the load balancer");
        cluster.Redis.Resume();
        var afterPause = await workload.WaitUntilEveryoneHasEverythingAsync("the pause");

        await cluster.Redis.KillAsync();
        await cluster.WaitAsync(async () => (await cluster.ReadinessAsync(cluster.Nodes[0])).StartsWith("Degraded", StringComparison.Ordinal), "readiness reports Degraded");
        (await cluster.ReadinessAsync(cluster.Nodes[0])).Should().Contain("redis:").And.EndWith("(200)");
        await workload.WaitForMoreAcknowledgedAsync(10); // and while it is gone
        await cluster.Redis.StartAgainAsync();
        await cluster.WaitAsync(async () => (await Task.WhenAll(cluster.Nodes.Select(cluster.ReadinessAsync))).All(r => r.StartsWith("Healthy", StringComparison.Ordinal)), "every node reconnects by itself");
        var afterRestart = await workload.WaitUntilEveryoneHasEverythingAsync("the restart");

        await workload.WaitForMoreAcknowledgedAsync(10);
        await workload.StopSendersAsync();
        await workload.WaitUntilEveryoneHasEverythingAsync("the end");
        Report(workload, "Redis SIGSTOP 4 s, then SIGKILL + restart", $"after the pause {afterPause.TotalSeconds:0.0} s, after the restart {afterRestart.TotalSeconds:0.0} s");
    }

    [RedisPostgresFact]
    public async Task A_node_killed_and_another_drained_mid_stream_lose_no_acknowledged_message_and_their_clients_catch_up_elsewhere_Postgres()
    {
        await using var cluster = await Cluster.StartAsync(3);
        await using var workload = await StartAsync(cluster);
        await workload.WaitForMoreAcknowledgedAsync(20);

        await cluster.Nodes[1].KillAsync(); // SIGKILL: no drain, its sockets just drop
        var killed = Stopwatch.StartNew();
        await workload.WaitForMoreAcknowledgedAsync(5); // time to recover: until messages sent after the fault are everywhere
        await workload.WaitUntilEveryoneHasEverythingAsync("the kill");
        var afterKill = killed.Elapsed;

        // A graceful stop of another node: its sockets close with 1012 and move, it exits 0.
        var draining = Stopwatch.StartNew();
        (await cluster.Nodes[2].StopAsync(TimeSpan.FromSeconds(60))).Should().Be(0, "a drained node exits cleanly");
        await workload.WaitForMoreAcknowledgedAsync(5);
        await workload.WaitUntilEveryoneHasEverythingAsync("the drain");
        var afterDrain = draining.Elapsed;
        workload.Receivers.SelectMany(r => r.CloseStatuses).Should().Contain((System.Net.WebSockets.WebSocketCloseStatus)1012, "a draining node closes its sockets with 1012");
        await workload.WaitForMoreAcknowledgedAsync(10);
        await workload.StopSendersAsync();
        await workload.WaitUntilEveryoneHasEverythingAsync("the end");
        workload.Receivers.Sum(r => r.Reconnects).Should().BeGreaterThan(0, "the killed node's clients reconnected elsewhere");
        Report(workload, "kill -9 of one of three nodes, then SIGTERM of another", $"every receiver holds everything, including 5 sends made after the fault, {afterKill.TotalSeconds:0.0} s after the kill and {afterDrain.TotalSeconds:0.0} s after the SIGTERM");
    }

    [OwnPostgresFact]
    public async Task PostgreSQL_restarted_mid_stream_answers_the_retryable_error_and_loses_no_acknowledged_message_Postgres()
    {
        var postgres = await PostgresServer.StartAsync();
        Cluster cluster;
        try
        {
            // A send whose commit went through while its connection died answers 503 and publishes nothing: its version
            // never comes, and the nodes wait the ordering timeout before telling the sockets to catch up. The checker
            // needs no order, so the wait is kept short here (the other tests allow 15 s for a saturated machine).
            cluster = await Cluster.StartAsync(2, new Dictionary<string, string?> { ["Chat:Realtime:OrderingTimeoutMilliseconds"] = "3000" }, postgres);
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }

        await using var _ = cluster;
        var (workload, owner) = await StartWithOwnerAsync(cluster);
        await using var __ = workload;
        await using var socket = await NodeSocket.OpenAsync(cluster.Nodes[1], await Cluster.TicketAsync(cluster.Nodes[1], owner));
        await cluster.WaitAsync(() => socket.OfType("online_friends").Count == 1, "the owner's extra socket is greeted");
        await workload.WaitForMoreAcknowledgedAsync(30);

        await postgres.StopAsync(); // pg_ctl stop -m fast: sessions ended (57P01), then connections refused
        var down = Stopwatch.StartNew();
        var failuresBefore = workload.SendFailures;

        // REST: 503 unavailable with Retry-After, not a 500 and not a hang.
        using var client = Cluster.ClientOf(cluster.Nodes[0], owner.AccessToken);
        var clientMessageId = Guid.NewGuid().ToString();
        var refused = await client.PostAsJsonAsync($"/api/v1/conversations/{workload.Conversation}/messages", new { content = "during the outage", clientMessageId });
        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, await refused.Content.ReadAsStringAsync());
        (await refused.ReadJsonAsync()).GetProperty("code").GetString().Should().Be("unavailable");
        refused.Headers.RetryAfter?.Delta.Should().BePositive("503 carries Retry-After");

        // The socket: error unavailable with retryAfterSeconds, and the socket stays open.
        await socket.SendAsync(new { type = "send_message", @ref = "down", conversationId = workload.Conversation, content = "over the socket", clientMessageId = Guid.NewGuid().ToString() });
        await cluster.WaitAsync(() => socket.OfType("error").Any(), "the socket send is answered");
        var error = socket.OfType("error")[0];
        error.GetProperty("code").GetString().Should().Be("unavailable", error.ToString());
        error.GetProperty("retryAfterSeconds").GetInt32().Should().BePositive();
        await cluster.WaitAsync(() => workload.SendFailures >= failuresBefore + 3, "the senders are refused while the database is down");
        await Task.Delay(TimeSpan.FromSeconds(2));
        socket.Closed.Should().BeFalse("a database outage does not drop sockets");

        await postgres.StartAgainAsync();
        var outage = down.Elapsed;
        var restarted = Stopwatch.StartNew();
        await workload.WaitForMoreAcknowledgedAsync(1);
        var firstAck = restarted.Elapsed;

        // The refused send, sent again with the same clientMessageId, is stored once.
        var retried = await client.PostAsJsonAsync($"/api/v1/conversations/{workload.Conversation}/messages", new { content = "during the outage", clientMessageId });
        retried.StatusCode.Should().BeOneOf([HttpStatusCode.Created, HttpStatusCode.OK], await retried.Content.ReadAsStringAsync());
        var message = await retried.ReadJsonAsync();
        workload.RecordAcknowledged(message.GetProperty("id").GetGuid(), message.GetProperty("seq").GetInt64());
        var caughtUp = await workload.WaitUntilEveryoneHasEverythingAsync("the restart");

        await workload.WaitForMoreAcknowledgedAsync(20);
        await workload.StopSendersAsync();
        await workload.WaitUntilEveryoneHasEverythingAsync("the end");
        workload.SendFailures.Should().BeGreaterThan(failuresBefore, "sends were refused while the database was down");
        foreach (var line in cluster.Nodes.SelectMany(n => n.StandardOutput.Split('\n')).Where(l => l.Contains("waited", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }

        Report(
            workload, "PostgreSQL stopped (pg_ctl -m fast) and started again",
            $"down {outage.TotalSeconds:0.0} s; first send acknowledged {firstAck.TotalSeconds:0.0} s after the restart, every receiver complete {caughtUp.TotalSeconds:0.0} s after the restart");
    }

    private static async Task<Workload> StartAsync(Cluster cluster) => (await StartWithOwnerAsync(cluster)).Workload;

    private static async Task<(Workload Workload, NodeUser Owner)> StartWithOwnerAsync(Cluster cluster)
    {
        var nodes = cluster.Nodes;
        var owner = await cluster.RegisterAsync(nodes[0], "fown");
        var members = new List<NodeUser>();
        for (var i = 0; i < 3; i++)
        {
            var member = await cluster.RegisterAsync(nodes[i % nodes.Count], "fmem");
            await cluster.BefriendAsync(owner, member);
            members.Add(member);
        }

        var conversation = await cluster.StartGroupAsync(owner, [.. members]);
        // One receiver per user per node (the owner on every node).
        var receivers = new List<Workload.Receiver>();
        for (var i = 0; i < nodes.Count; i++)
        {
            receivers.Add(new Workload.Receiver(cluster, owner, conversation, i));
            receivers.Add(new Workload.Receiver(cluster, members[i % members.Count], conversation, i + 1));
        }

        foreach (var receiver in receivers)
        {
            await receiver.StartAsync();
        }

        var workload = new Workload(cluster, conversation, receivers);
        workload.StartSender(owner, 0, Pace);
        workload.StartSender(members[0], 1, Pace);
        workload.StartSender(members[1], 2, Pace);
        return (workload, owner);
    }

    private void Report(Workload workload, string fault, string recovery)
    {
        var (lost, duplicated, gaps) = workload.Check();
        output.WriteLine(
            $"FIGURES {fault}: acknowledged {workload.Acknowledged}, receivers {workload.Receivers.Count}, lost {lost}, duplicated {duplicated}, gaps {gaps}, " +
            $"retried sends {workload.SendFailures}, reconnects {workload.Receivers.Sum(r => r.Reconnects)}, catch-ups {workload.Receivers.Sum(r => r.CatchUps)}; {recovery}");
        workload.Acknowledged.Should().BeGreaterThanOrEqualTo(50);
        lost.Should().Be(0, "every acknowledged message is in every receiver's final state");
        duplicated.Should().Be(0, "no socket receives a message twice");
        gaps.Should().Be(0, "no receiver has a hole in the conversation");
    }
}

/// <summary>A fact that runs its own PostgreSQL cluster and a redis-server: skipped locally without them, failing under CI=true.</summary>
public sealed class OwnPostgresFactAttribute : FactAttribute
{
    public OwnPostgresFactAttribute() => Skip = PostgresServer.SkipReason ?? TestEnvironment.RedisSkipReason;
}
