using Chat.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Chat.Api.Tests.ScaleOut;

/// <summary>
/// Faults injected while messages stream through several nodes (README "Several nodes", figures there): Redis paused
/// (SIGSTOP) and killed and restarted; a node killed with SIGKILL. The <see cref="Workload"/> checker holds every
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
        var afterKill = await workload.WaitUntilEveryoneHasEverythingAsync("the kill");

        // A graceful stop of another node: its sockets close with 1012 and move, it exits 0.
        (await cluster.Nodes[2].StopAsync(TimeSpan.FromSeconds(60))).Should().Be(0, "a drained node exits cleanly");
        var afterDrain = await workload.WaitUntilEveryoneHasEverythingAsync("the drain");
        workload.Receivers.SelectMany(r => r.CloseStatuses).Should().Contain((System.Net.WebSockets.WebSocketCloseStatus)1012, "a draining node closes its sockets with 1012");
        await workload.WaitForMoreAcknowledgedAsync(10);
        await workload.StopSendersAsync();
        await workload.WaitUntilEveryoneHasEverythingAsync("the end");
        workload.Receivers.Sum(r => r.Reconnects).Should().BeGreaterThan(0, "the killed node's clients reconnected elsewhere");
        Report(workload, "kill -9 of one of three nodes, then SIGTERM of another", $"caught up {afterKill.TotalSeconds:0.0} s after the kill, {afterDrain.TotalSeconds:0.0} s after the drain");
    }

    private static async Task<Workload> StartAsync(Cluster cluster)
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
        return workload;
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
