// Fan-out bench for several nodes (docs/scale-out.md "Bench"): run by bench/redis/run.sh, or by hand:
//   dotnet run bench/redis/FanoutBench.cs -- --nodes http://127.0.0.1:5001,http://127.0.0.1:5002 --sockets 40 --messages 400
// Registers a group (one sender + members), opens --sockets sockets spread round-robin over the nodes, sends
// --messages messages through the nodes in turn (--concurrency at once) and measures, per delivered new_message, the
// time from the send's start to its arrival on each socket. Prints deliveries/s and latency percentiles.
#:property PublishAot=false

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

var options = ParseArgs(args);
var nodes = options["nodes"].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u.TrimEnd('/') + "/")).ToArray();
var socketCount = int.Parse(options.GetValueOrDefault("sockets", "40"));
var messageCount = int.Parse(options.GetValueOrDefault("messages", "400"));
var concurrency = int.Parse(options.GetValueOrDefault("concurrency", "4"));
const string Password = "bench-password-123";

var owner = await RegisterAsync(nodes[0], "bo");
var members = new List<(Guid Id, string Token)>();
var memberCount = Math.Min(socketCount, 50);
for (var i = 0; i < memberCount; i++)
{
    var m = await RegisterAsync(nodes[i % nodes.Length], "bm");
    var request = await Client(nodes[0], owner.Token).PostAsJsonAsync("api/v1/friends/requests", new { userId = m.Id });
    var id = (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    (await Client(nodes[0], m.Token).PostAsync($"api/v1/friends/requests/{id}/accept", null)).EnsureSuccessStatusCode();
    members.Add(m);
}

var created = await Client(nodes[0], owner.Token).PostAsJsonAsync("api/v1/conversations/group", new { title = "bench", memberIds = members.Select(m => m.Id) });
var conversation = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

var sentAt = new ConcurrentDictionary<string, long>();
var latencies = new ConcurrentBag<double>();
var delivered = 0;
var sockets = new List<ClientWebSocket>();
for (var i = 0; i < socketCount; i++)
{
    var member = members[i % members.Count];
    var node = nodes[i % nodes.Length];
    var ticket = (await (await Client(node, member.Token).PostAsync("api/v1/realtime/ticket", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetString();
    var ws = new ClientWebSocket();
    await ws.ConnectAsync(new Uri($"ws://{node.Authority}/ws?ticket={Uri.EscapeDataString(ticket!)}"), CancellationToken.None);
    sockets.Add(ws);
    _ = Task.Run(async () =>
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (ws.State == WebSocketState.Open)
            {
                var count = 0;
                ValueWebSocketReceiveResult r;
                do
                {
                    r = await ws.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += r.Count;
                }
                while (!r.EndOfMessage);
                var now = Stopwatch.GetTimestamp();
                using var doc = JsonDocument.Parse(buffer.AsMemory(0, count));
                if (doc.RootElement.GetProperty("type").GetString() == "new_message"
                    && sentAt.TryGetValue(doc.RootElement.GetProperty("message").GetProperty("clientMessageId").GetString() ?? "", out var start))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(start, now).TotalMilliseconds);
                    Interlocked.Increment(ref delivered);
                }
            }
        }
        catch (WebSocketException)
        {
        }
    });
}

await Task.Delay(1000);
var expected = (long)messageCount * socketCount;
var clock = Stopwatch.StartNew();
var next = -1;
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < messageCount)
    {
        var clientMessageId = Guid.NewGuid().ToString();
        sentAt[clientMessageId] = Stopwatch.GetTimestamp();
        (await Client(nodes[i % nodes.Length], owner.Token).PostAsJsonAsync($"api/v1/conversations/{conversation}/messages", new { content = $"b{i}", clientMessageId })).EnsureSuccessStatusCode();
    }
}));
var deadline = Stopwatch.StartNew();
while (Volatile.Read(ref delivered) < expected && deadline.Elapsed < TimeSpan.FromSeconds(60))
{
    await Task.Delay(20);
}

var seconds = clock.Elapsed.TotalSeconds;
var sorted = latencies.OrderBy(x => x).ToArray();
double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
Console.WriteLine($"nodes={nodes.Length} sockets={socketCount} messages={messageCount} delivered={delivered}/{expected} " +
    $"deliveries/s={delivered / seconds:0} p50={P(0.50):0.0}ms p99={P(0.99):0.0}ms max={(sorted.Length > 0 ? sorted[^1] : double.NaN):0.0}ms");
foreach (var ws in sockets)
{
    ws.Abort();
}

return delivered == expected ? 0 : 1;

static HttpClient Client(Uri node, string? token = null)
{
    var client = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(60) };
    if (token is not null)
    {
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
    }

    return client;
}

static async Task<(Guid Id, string Token)> RegisterAsync(Uri node, string prefix)
{
    var response = await Client(node).PostAsJsonAsync("api/v1/auth/register", new { username = $"{prefix}{Guid.NewGuid():N}"[..20], password = Password });
    response.EnsureSuccessStatusCode();
    var body = await response.Content.ReadFromJsonAsync<JsonElement>();
    return (body.GetProperty("user").GetProperty("id").GetGuid(), body.GetProperty("accessToken").GetString()!);
}

static Dictionary<string, string> ParseArgs(string[] args)
{
    var result = new Dictionary<string, string>();
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        result[args[i].TrimStart('-')] = args[i + 1];
    }

    return result;
}
