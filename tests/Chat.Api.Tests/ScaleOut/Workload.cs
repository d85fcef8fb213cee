using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.ScaleOut;

/// <summary>
/// A Jepsen-style broadcast workload on one group conversation: senders post messages (each with a clientMessageId,
/// retried on the next node until acknowledged), receivers hold a socket on some node and keep a final state the way the
/// contract tells a client to — socket events, plus a REST catch-up after a reconnect, a <c>catch_up</c> frame or a seq
/// jump. <see cref="Check"/> then holds every acknowledged message against every receiver's state: none lost, none
/// delivered twice over the socket, no hole in the seqs.
/// </summary>
public sealed class Workload : IAsyncDisposable
{
    private readonly Cluster _cluster;
    private readonly Guid _conversation;
    private readonly ConcurrentDictionary<Guid, long> _acknowledged = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _senders = [];
    private int _sendFailures;

    public Workload(Cluster cluster, Guid conversation, IEnumerable<Receiver> receivers)
    {
        _cluster = cluster;
        _conversation = conversation;
        Receivers = receivers.ToList();
    }

    public IReadOnlyList<Receiver> Receivers { get; }

    public Guid Conversation => _conversation;

    /// <summary>A send the test made itself and saw acknowledged: it is checked like the senders' own.</summary>
    public void RecordAcknowledged(Guid id, long seq) => _acknowledged[id] = seq;

    public int Acknowledged => _acknowledged.Count;

    /// <summary>Sends that failed and were retried (a killed node, a database away).</summary>
    public int SendFailures => _sendFailures;

    public void StartSender(NodeUser sender, int firstNode, TimeSpan pace) =>
        _senders.Add(Task.Run(() => SendLoopAsync(sender, firstNode, pace)));

    public async Task StopSendersAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_senders);
    }

    /// <summary>Waits until <paramref name="more"/> further sends were acknowledged (so each phase carries traffic however slow the machine).</summary>
    public Task WaitForMoreAcknowledgedAsync(int more)
    {
        var target = _acknowledged.Count + more;
        return _cluster.WaitAsync(() => _acknowledged.Count >= target, $"{more} more acknowledged sends", TimeSpan.FromSeconds(90));
    }

    /// <summary>Waits until every receiver holds every message acknowledged so far; returns how long that took.</summary>
    public async Task<TimeSpan> WaitUntilEveryoneHasEverythingAsync(string after)
    {
        var clock = Stopwatch.StartNew();
        var expected = _acknowledged.Keys.ToList();
        await _cluster.WaitAsync(() => Receivers.All(r => expected.All(r.Has)), $"every receiver holds every acknowledged message after {after}", TimeSpan.FromSeconds(45));
        return clock.Elapsed;
    }

    /// <summary>Lost (acknowledged, missing from some receiver), duplicated (delivered twice over one socket) and gap counts.</summary>
    public (int Lost, int Duplicated, int Gaps) Check()
    {
        var lost = Receivers.Sum(r => _acknowledged.Keys.Count(id => !r.Has(id)));
        var duplicated = Receivers.Sum(r => r.Duplicates);
        var gaps = Receivers.Sum(r => r.Gaps);
        return (lost, duplicated, gaps);
    }

    private async Task SendLoopAsync(NodeUser sender, int node, TimeSpan pace)
    {
        var i = 0;
        while (!_stop.IsCancellationRequested)
        {
            var clientMessageId = Guid.NewGuid().ToString();
            while (true)
            {
                var target = _cluster.Nodes[node % _cluster.Nodes.Count];
                try
                {
                    using var client = Cluster.ClientOf(target, sender.AccessToken);
                    client.Timeout = TimeSpan.FromSeconds(30);
                    var response = await client.PostAsJsonAsync($"/api/v1/conversations/{_conversation}/messages", new { content = $"w{i}", clientMessageId });
                    if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                    {
                        var message = await response.ReadJsonAsync();
                        _acknowledged[message.GetProperty("id").GetGuid()] = message.GetProperty("seq").GetInt64();
                        break;
                    }

                    // Only the retryable answer may come back; anything else is a bug the test reports.
                    response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, await response.Content.ReadAsStringAsync());
                    response.Headers.RetryAfter.Should().NotBeNull("503 carries Retry-After");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    node++; // this node is gone: the same clientMessageId on the next one
                }

                Interlocked.Increment(ref _sendFailures);
                await Task.Delay(200);
            }

            i++;
            try
            {
                await Task.Delay(pace, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var receiver in Receivers)
        {
            await receiver.DisposeAsync();
        }

        _stop.Dispose();
    }

    /// <summary>One client device: a socket on some node, reconnecting to the next node when it drops, and its state.</summary>
    public sealed class Receiver : IAsyncDisposable
    {
        private readonly Cluster _cluster;
        private readonly NodeUser _user;
        private readonly Guid _conversation;
        private readonly ConcurrentDictionary<long, Guid> _state = new();
        private readonly ConcurrentDictionary<Guid, int> _socketDeliveries = new();
        private readonly SemaphoreSlim _catchingUp = new(1, 1);
        private readonly CancellationTokenSource _stop = new();
        private NodeSocket? _socket;
        private int _node;
        private long _highestSeen;
        private Task? _watch;

        public Receiver(Cluster cluster, NodeUser user, Guid conversation, int node)
        {
            _cluster = cluster;
            _user = user;
            _conversation = conversation;
            _node = node;
        }

        public int Reconnects { get; private set; }

        /// <summary>Close codes the server sent this device's sockets (1012 from a draining node).</summary>
        public ConcurrentBag<System.Net.WebSockets.WebSocketCloseStatus> CloseStatuses { get; } = [];

        public int CatchUps { get; private set; }

        public bool Has(Guid id) => _state.Values.Contains(id);

        public int Duplicates => _socketDeliveries.Values.Sum(n => Math.Max(0, n - 1));

        /// <summary>Seqs missing below the highest one held.</summary>
        public int Gaps => _state.IsEmpty ? 0 : (int)(_state.Keys.Max() - _state.Keys.Min() + 1 - _state.Count);

        public async Task StartAsync()
        {
            await ConnectAsync();
            _watch = Task.Run(WatchAsync);
        }

        private async Task ConnectAsync()
        {
            for (var attempt = 0; ; attempt++)
            {
                var node = _cluster.Nodes[_node % _cluster.Nodes.Count];
                try
                {
                    _socket = await NodeSocket.OpenAsync(node, await Cluster.TicketAsync(node, _user), OnFrame);
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or System.Net.WebSockets.WebSocketException or TaskCanceledException or OperationCanceledException
                    or Xunit.Sdk.XunitException && attempt < 50)
                {
                    _node++;
                    await Task.Delay(200);
                }
            }
        }

        private async Task WatchAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                if (_socket is { Closed: true })
                {
                    if (_socket.CloseStatus is { } status)
                    {
                        CloseStatuses.Add(status);
                    }

                    Reconnects++;
                    _node++;
                    await ConnectAsync();
                    await CatchUpAsync();
                }

                await Task.Delay(100);
            }
        }

        private void OnFrame(JsonElement frame)
        {
            switch (frame.GetProperty("type").GetString())
            {
                case "new_message":
                    var message = frame.GetProperty("message");
                    if (message.GetProperty("conversationId").GetGuid() != _conversation)
                    {
                        return;
                    }

                    var id = message.GetProperty("id").GetGuid();
                    var seq = message.GetProperty("seq").GetInt64();
                    _socketDeliveries.AddOrUpdate(id, 1, (_, n) => n + 1);
                    var jumped = seq > Interlocked.Read(ref _highestSeen) + 1;
                    _state[seq] = id;
                    if (seq > Interlocked.Read(ref _highestSeen))
                    {
                        Interlocked.Exchange(ref _highestSeen, seq);
                    }

                    if (jumped)
                    {
                        _ = Task.Run(CatchUpAsync);
                    }

                    break;
                case "catch_up":
                    _ = Task.Run(CatchUpAsync);
                    break;
            }
        }

        /// <summary>Fetches every message after the highest contiguous seq held (rest.md "Catching up").</summary>
        private async Task CatchUpAsync()
        {
            await _catchingUp.WaitAsync();
            try
            {
                CatchUps++;
                for (var attempt = 0; attempt < 50; attempt++)
                {
                    try
                    {
                        var after = 0L;
                        while (_state.ContainsKey(after + 1))
                        {
                            after++;
                        }

                        using var client = Cluster.ClientOf(_cluster.Nodes[_node % _cluster.Nodes.Count], _user.AccessToken);
                        while (true)
                        {
                            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{_conversation}/messages?after={after}&limit=100");
                            foreach (var item in page.GetProperty("items").EnumerateArray())
                            {
                                after = item.GetProperty("seq").GetInt64();
                                _state[after] = item.GetProperty("id").GetGuid();
                            }

                            if (!page.GetProperty("hasMoreAfter").GetBoolean())
                            {
                                return;
                            }
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        _node++;
                        await Task.Delay(200);
                    }
                }
            }
            finally
            {
                _catchingUp.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            if (_watch is not null)
            {
                await _watch;
            }

            if (_socket is not null)
            {
                await _socket.DisposeAsync();
            }
        }
    }
}
