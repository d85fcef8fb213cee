using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoadGen;

/// <summary>A registered Chat user: id and access token (15 min; every run here is shorter).</summary>
public sealed record ChatUser(int Index, string Username, string Id, string Token);

/// <summary>
/// The Chat product's REST API (spec rest.md) as far as the benchmarks need it: register, rooms, friends, direct
/// conversations, tickets, messages. Every call is bounded (timeout, bounded retries on 5xx / connection errors, which
/// are counted and reported, never hidden).
/// </summary>
public sealed class ChatApi : IDisposable
{
    public const string Password = "perf-pass-1234";
    public readonly string Base;      // http://127.0.0.1:5104
    public readonly string WsBase;    // ws://127.0.0.1:5104/ws
    public readonly HttpClient Http;
    private long _retries, _serverErrors;
    private readonly List<string> _problems = new();
    public long Retries => Interlocked.Read(ref _retries);
    public long ServerErrors => Interlocked.Read(ref _serverErrors);
    public IReadOnlyList<string> Problems { get { lock (_problems) return _problems.ToList(); } }

    public ChatApi(string url)
    {
        // Accept either the socket URL (ws://host:port/ws) or the HTTP base (http://host:port).
        var u = new Uri(url);
        string scheme = u.Scheme is "wss" or "https" ? "https" : "http";
        Base = $"{scheme}://{u.Authority}";
        WsBase = $"{(scheme == "https" ? "wss" : "ws")}://{u.Authority}/ws";
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(Base), Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public void Dispose() => Http.Dispose();

    private void Problem(string s) { lock (_problems) if (_problems.Count < 20) _problems.Add(s); }

    public sealed record Reply(HttpStatusCode Status, JsonNode? Body, string Text, double Ms);

    /// <summary>One request; 5xx and transport failures are retried (at most 3 tries) and counted.</summary>
    public async Task<Reply> SendAsync(HttpMethod method, string path, string? token, object? body, CancellationToken ct = default)
    {
        for (int attempt = 1; ; attempt++)
        {
            using var req = new HttpRequestMessage(method, path);
            if (token != null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body != null) req.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
            long t0 = Stopwatch.GetTimestamp();
            try
            {
                using var resp = await Http.SendAsync(req, ct);
                var text = await resp.Content.ReadAsStringAsync(ct);
                double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if ((int)resp.StatusCode >= 500)
                {
                    Interlocked.Increment(ref _serverErrors);
                    Problem($"{method} {path} -> {(int)resp.StatusCode} {text[..Math.Min(200, text.Length)]}");
                    if (attempt < 3) { Interlocked.Increment(ref _retries); await Task.Delay(200 * attempt, ct); continue; }
                }
                JsonNode? node = null;
                if (text.Length > 0 && (text[0] == '{' || text[0] == '[')) node = JsonNode.Parse(text);
                return new Reply(resp.StatusCode, node, text, ms);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested && attempt < 3)
            {
                Interlocked.Increment(ref _retries);
                Problem($"{method} {path} -> {e.GetType().Name}: {e.Message}");
                await Task.Delay(200 * attempt, ct);
            }
        }
    }

    private static void Expect(Reply r, string what, params HttpStatusCode[] ok)
    {
        if (!ok.Contains(r.Status)) throw new InvalidOperationException($"{what}: HTTP {(int)r.Status} {r.Text[..Math.Min(300, r.Text.Length)]}");
    }

    public async Task<ChatUser> RegisterAsync(int index, string username)
    {
        var r = await SendAsync(HttpMethod.Post, "/api/v1/auth/register", null, new { username, password = Password, displayName = username });
        Expect(r, $"register {username}", HttpStatusCode.Created);
        return new ChatUser(index, username, r.Body!["user"]!["id"]!.GetValue<string>(), r.Body!["accessToken"]!.GetValue<string>());
    }

    /// <summary>Registers <paramref name="count"/> users "{prefix}{i:D5}" with at most <paramref name="concurrency"/> in flight.</summary>
    public async Task<ChatUser[]> RegisterManyAsync(string prefix, int count, int concurrency)
    {
        var users = new ChatUser[count];
        await ForEachBounded(count, concurrency, async i => users[i] = await RegisterAsync(i, $"{prefix}{i:D5}"));
        return users;
    }

    public static async Task ForEachBounded(int count, int concurrency, Func<int, Task> body)
    {
        int next = -1;
        var workers = Enumerable.Range(0, Math.Max(1, Math.Min(concurrency, count))).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count) await body(i);
        }));
        await Task.WhenAll(workers);
    }

    /// <summary>user[0] creates a public room, everyone else joins; answers (roomId, text channel id).</summary>
    public async Task<(string Room, string Channel, double JoinSeconds, Histogram JoinHist)> RoomWithMembersAsync(ChatUser[] users, string name, int concurrency, Histogram? joins = null)
    {
        var r = await SendAsync(HttpMethod.Post, "/api/v1/rooms", users[0].Token, new { name, isPublic = true });
        Expect(r, "create room", HttpStatusCode.Created);
        string room = r.Body!["id"]!.GetValue<string>();
        var hist = joins ?? new Histogram();
        var sw = Stopwatch.StartNew();
        await ForEachBounded(users.Length - 1, concurrency, async i =>
        {
            var j = await SendAsync(HttpMethod.Post, $"/api/v1/rooms/{room}/join", users[i + 1].Token, null);
            Expect(j, $"join {users[i + 1].Username}", HttpStatusCode.OK);
            hist.Record((long)(j.Ms * 1000));
        });
        double joinSec = sw.Elapsed.TotalSeconds;
        var ch = await SendAsync(HttpMethod.Get, $"/api/v1/rooms/{room}/channels", users[0].Token, null);
        Expect(ch, "list channels", HttpStatusCode.OK);
        string channel = ch.Body!["items"]!.AsArray().First(c => c!["channelType"]?.GetValue<string>() == "text")!["id"]!.GetValue<string>();
        return (room, channel, joinSec, hist);
    }

    /// <summary>a asks b to be friends, b accepts, a opens the direct conversation; answers its id.</summary>
    public async Task<string> DirectConversationAsync(ChatUser a, ChatUser b)
    {
        var req = await SendAsync(HttpMethod.Post, "/api/v1/friends/requests", a.Token, new { userId = b.Id });
        Expect(req, "friend request", HttpStatusCode.Created, HttpStatusCode.OK);
        if (req.Status == HttpStatusCode.Created)
        {
            var acc = await SendAsync(HttpMethod.Post, $"/api/v1/friends/requests/{req.Body!["id"]!.GetValue<string>()}/accept", b.Token, null);
            Expect(acc, "accept", HttpStatusCode.OK);
        }
        var conv = await SendAsync(HttpMethod.Post, "/api/v1/conversations/direct", a.Token, new { userId = b.Id });
        Expect(conv, "direct conversation", HttpStatusCode.Created, HttpStatusCode.OK);
        return conv.Body!["id"]!.GetValue<string>();
    }

    public async Task<Uri> TicketUriAsync(ChatUser u, CancellationToken ct = default)
    {
        var r = await SendAsync(HttpMethod.Post, "/api/v1/realtime/ticket", u.Token, null, ct);
        Expect(r, "ticket", HttpStatusCode.OK);
        return new Uri($"{WsBase}?ticket={Uri.EscapeDataString(r.Body!["ticket"]!.GetValue<string>())}");
    }

    public async Task<JsonNode> ConversationAsync(ChatUser u, string id)
    {
        var r = await SendAsync(HttpMethod.Get, $"/api/v1/conversations/{id}", u.Token, null);
        Expect(r, "get conversation", HttpStatusCode.OK);
        return r.Body!;
    }
}
