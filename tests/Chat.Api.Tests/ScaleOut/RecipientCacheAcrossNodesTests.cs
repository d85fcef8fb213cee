using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.TestSupport;
using Xunit;

namespace Chat.Api.Tests.ScaleOut;

/// <summary>
/// Three nodes whose recipient caches never hear of another node's membership change
/// (<c>Chat:Redis:IgnoreRemoteInvalidations</c>: the Redis invalidation delayed forever, the worst case of the window
/// it used to leave open). Started once for the class.
/// </summary>
public sealed class DeafCacheCluster : IAsyncLifetime
{
    public Cluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresSkipReason is null && TestEnvironment.RedisSkipReason is null)
        {
            Cluster = await Cluster.StartAsync(3, new Dictionary<string, string?> { ["Chat:Redis:IgnoreRemoteInvalidations"] = "true" });
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
/// Issue 13: "a membership change invalidates every node's cached recipients, so a removed member receives nothing more
/// on any node". A member removed on node A (a participant of a group, or a room member kicked, for its channels) gets
/// nothing of what is committed afterwards on nodes B and C — new messages, edits, reactions, deletions — although B's
/// and C's caches were warm and never invalidated: every such event carries the membership version it was committed
/// at, and a cached entry older than that is read again (docs/scale-out.md "Recipient cache"). Real processes,
/// PostgreSQL and redis-server.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class RecipientCacheAcrossNodesTests(DeafCacheCluster fixture) : IClassFixture<DeafCacheCluster>
{
    private Cluster Cluster => fixture.Cluster;

    [RedisPostgresFact]
    public async Task A_member_removed_on_one_node_receives_nothing_committed_afterwards_on_the_others_Postgres()
    {
        var nodes = Cluster.Nodes;
        var owner = await Cluster.RegisterAsync(nodes[0], "own");
        var removed = await Cluster.RegisterAsync(nodes[1], "gone");
        var stays = await Cluster.RegisterAsync(nodes[2], "stay");
        await Cluster.BefriendAsync(owner, removed);
        await Cluster.BefriendAsync(owner, stays);
        var conversation = await Cluster.StartGroupAsync(owner, removed, stays);

        await RunAsync(owner, removed, stays, conversation, async () =>
        {
            using var a = Cluster.ClientOf(nodes[0], owner.AccessToken);
            var answer = await a.DeleteAsync(new Uri($"/api/v1/conversations/{conversation}/members/{removed.Id}", UriKind.Relative));
            answer.StatusCode.Should().Be(HttpStatusCode.NoContent, await answer.Content.ReadAsStringAsync());
        });
    }

    [RedisPostgresFact]
    public async Task A_room_member_kicked_on_one_node_receives_nothing_of_its_channels_committed_afterwards_on_the_others_Postgres()
    {
        var nodes = Cluster.Nodes;
        var owner = await Cluster.RegisterAsync(nodes[0], "rown");
        var kicked = await Cluster.RegisterAsync(nodes[1], "kick");
        var stays = await Cluster.RegisterAsync(nodes[2], "rsty");
        using var a = Cluster.ClientOf(nodes[0], owner.AccessToken);
        var created = await a.PostAsJsonAsync("/api/v1/rooms", new { name = "guild", isPublic = true });
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var room = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        foreach (var user in new[] { kicked, stays })
        {
            using var client = Cluster.ClientOf(nodes[1], user.AccessToken);
            var joined = await client.PostAsync(new Uri($"/api/v1/rooms/{room}/join", UriKind.Relative), null);
            joined.StatusCode.Should().Be(HttpStatusCode.OK, await joined.Content.ReadAsStringAsync());
        }

        var channels = await a.GetFromJsonAsync<JsonElement>($"/api/v1/rooms/{room}/channels");
        var general = (channels.ValueKind == JsonValueKind.Array ? channels : channels.GetProperty("items"))[0].GetProperty("id").GetGuid();

        await RunAsync(owner, kicked, stays, general, async () =>
        {
            var answer = await a.DeleteAsync(new Uri($"/api/v1/rooms/{room}/members/{kicked.Id}", UriKind.Relative));
            answer.StatusCode.Should().Be(HttpStatusCode.NoContent, await answer.Content.ReadAsStringAsync());
        });
    }

    /// <summary>
    /// Warms nodes B's and C's caches (a send through each reaches <paramref name="leaving"/>), runs
    /// <paramref name="remove"/> on node A, then changes the conversation through B and C — sends, an edit, a reaction,
    /// a deletion — and finally sends through A. <paramref name="staying"/> receives all of it; <paramref name="leaving"/>
    /// none of it.
    /// </summary>
    private async Task RunAsync(NodeUser owner, NodeUser leaving, NodeUser staying, Guid conversation, Func<Task> remove)
    {
        var nodes = Cluster.Nodes;

        // The leaving member listens on all three nodes; the staying one on node A.
        var leavingSockets = new List<NodeSocket>();
        foreach (var node in nodes)
        {
            leavingSockets.Add(await NodeSocket.OpenAsync(node, await Cluster.TicketAsync(node, leaving)));
        }

        await using var stayingSocket = await NodeSocket.OpenAsync(nodes[0], await Cluster.TicketAsync(nodes[0], staying));
        try
        {
            await Cluster.WaitAsync(() => leavingSockets.All(s => s.OfType("connection_established").Count == 1) && stayingSocket.OfType("connection_established").Count == 1, "every socket opens");

            var warm = new List<Guid>
            {
                await SendAsync(nodes[1], owner, conversation, "warm b"),
                await SendAsync(nodes[2], owner, conversation, "warm c"),
            };
            await Cluster.WaitAsync(() => leavingSockets.All(s => Ids(s, "new_message").IsSupersetOf(warm)), "the caches of nodes B and C are warm: the member receives their sends");

            await remove();

            var after = new List<Guid>();
            for (var round = 0; round < 5; round++)
            {
                after.Add(await SendAsync(nodes[1], owner, conversation, $"after b{round}"));
                after.Add(await SendAsync(nodes[2], owner, conversation, $"after c{round}"));
            }

            using var b = Cluster.ClientOf(nodes[1], owner.AccessToken);
            using var c = Cluster.ClientOf(nodes[2], owner.AccessToken);
            (await b.PatchAsJsonAsync($"/api/v1/messages/{warm[0]}", new { content = "edited on b" })).StatusCode.Should().Be(HttpStatusCode.OK);
            (await c.PostAsJsonAsync($"/api/v1/messages/{warm[1]}/reactions", new { emoji = "🎉" })).StatusCode.Should().Be(HttpStatusCode.NoContent);
            (await b.DeleteAsync(new Uri($"/api/v1/messages/{after[0]}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);
            var last = await SendAsync(nodes[0], owner, conversation, "last, on a");

            // Delivery is asynchronous: once the staying member has everything (the last send after all the others),
            // a leak to the removed one would have been delivered too (one connection per node, in commit order per node).
            await Cluster.WaitAsync(
                () => Ids(stayingSocket, "new_message").IsSupersetOf([.. after, last])
                    && stayingSocket.OfType("message_edited").Count == 1
                    && stayingSocket.OfType("reaction_added").Count == 1
                    && stayingSocket.OfType("message_deleted").Count == 1,
                "the staying member receives every change");
            await Task.Delay(TimeSpan.FromSeconds(1));

            for (var i = 0; i < leavingSockets.Count; i++)
            {
                var socket = leavingSockets[i];
                Ids(socket, "new_message").Should().BeEquivalentTo(warm, $"the removed member's socket on node {i} receives no message sent after the removal");
                socket.OfType("message_edited").Should().BeEmpty($"nor an edit (socket on node {i})");
                socket.OfType("reaction_added").Should().BeEmpty($"nor a reaction (socket on node {i})");
                socket.OfType("message_deleted").Should().BeEmpty($"nor a deletion (socket on node {i})");
            }
        }
        finally
        {
            foreach (var socket in leavingSockets)
            {
                await socket.DisposeAsync();
            }
        }
    }

    private static HashSet<Guid> Ids(NodeSocket socket, string type) =>
        socket.OfType(type).Select(f => f.GetProperty("message").GetProperty("id").GetGuid()).ToHashSet();

    private static async Task<Guid> SendAsync(ChatServerProcess node, NodeUser sender, Guid conversation, string content)
    {
        using var client = Cluster.ClientOf(node, sender.AccessToken);
        var response = await client.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { content, clientMessageId = Guid.NewGuid().ToString() });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }
}
