using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoadGen;

/// <summary>
/// Durable send throughput against Chat, closed loop: N senders, each sends its next message only after the previous
/// one was acknowledged (REST 201, or socket <c>message_sent</c>: both only once the message is stored).
///   --transport rest|ws   --target direct|channel   --senders N   [--room-members K] (channel: K members in the room)
/// direct: sender i and a partner become friends and share a direct conversation (N conversations).
/// channel: all senders write into one room's text channel that has max(N, K) members.
/// After the run every conversation's lastSeq is compared with the number of messages the server said it created.
/// </summary>
public static class Durable
{
    public sealed class Result
    {
        public string Label { get; set; } = "";
        public string Scenario { get; set; } = "";
        public string Loop { get; set; } = "closed";
        public double OfferedPerSec { get; set; } = double.NaN;
        public string Transport { get; set; } = "";
        public string Target { get; set; } = "";
        public int Senders { get; set; }
        public int RoomMembers { get; set; }
        public double WindowSec { get; set; }
        public long Acked { get; set; }
        public double AckedPerSec { get; set; }
        public double P50Ms { get; set; }
        public double P90Ms { get; set; }
        public double P99Ms { get; set; }
        public double MaxMs { get; set; }
        public double ServerCpuCores { get; set; }
        public double ServerCpuMsPerMessage { get; set; }
        public double ClientCpuCores { get; set; }
        public long Errors { get; set; }
        public List<string> ErrorSamples { get; set; } = new();
        public long CreatedTotal { get; set; }
        public long LastSeqTotal { get; set; }
        public bool SeqMatchesCreated { get; set; }
        public long ApiServerErrors { get; set; }
        public Dictionary<string, double> SetupSeconds { get; set; } = new();
        public string LoadBefore { get; set; } = "";
        public string LoadAfter { get; set; } = "";
    }

    /// <param name="openRate">0: closed loop (each sender waits for its ack); &gt; 0: open loop, messages due at
    /// t0 + k/openRate spread round-robin over the senders, latency from the due time (no coordinated omission).</param>
    public static async Task<Result> RunAsync(Options o, string transport, string target, int roomMembers, string scenario = "", double openRate = 0)
    {
        using var api = new ChatApi(o.Url);
        var res = new Result { Scenario = scenario, Loop = openRate > 0 ? "open" : "closed", OfferedPerSec = openRate > 0 ? openRate : double.NaN, Label = o.Label, Transport = transport, Target = target, Senders = o.Senders, RoomMembers = roomMembers, LoadBefore = Load() };
        string tag = Guid.NewGuid().ToString("N")[..6];
        var sw = Stopwatch.StartNew();
        int nUsers = target == "direct" ? 2 * o.Senders : Math.Max(o.Senders, roomMembers);
        var users = await api.RegisterManyAsync($"d{tag}", nUsers, o.RegisterConcurrency);
        res.SetupSeconds["register"] = sw.Elapsed.TotalSeconds; sw.Restart();
        var convOf = new string[o.Senders];
        if (target == "direct")
        {
            await ChatApi.ForEachBounded(o.Senders, o.JoinConcurrency, async i => convOf[i] = await api.DirectConversationAsync(users[i], users[o.Senders + i]));
        }
        else
        {
            var (_, channel, _, _) = await api.RoomWithMembersAsync(users, $"dur-{tag}", o.JoinConcurrency);
            Array.Fill(convOf, channel);
        }
        res.SetupSeconds["conversations"] = sw.Elapsed.TotalSeconds;
        Harness.Log($"durable: {nUsers} users, {convOf.Distinct().Count()} conversation(s) ready ({string.Join(", ", res.SetupSeconds.Select(kv => $"{kv.Key} {kv.Value:F1}s"))})");

        var hist = new Histogram();
        long acked = 0, errors = 0;
        var created = new long[o.Senders];
        var errorSamples = new List<string>();
        void Err(string e) { Interlocked.Increment(ref errors); lock (errorSamples) if (errorSamples.Count < 10) errorSamples.Add(e); }
        double freq = Stopwatch.Frequency;
        long start = Stopwatch.GetTimestamp();
        long w0 = start + (long)(o.Warmup * freq), w1 = w0 + (long)(o.Duration * freq);
        double scpu0 = double.NaN, ccpu0 = double.NaN, scpu1 = double.NaN, ccpu1 = double.NaN;
        int self = Environment.ProcessId;
        var meter = Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < w0) await Task.Delay(1);
            scpu0 = ProcStat.CpuSeconds(o.Pid); ccpu0 = ProcStat.CpuSeconds(self);
            while (Stopwatch.GetTimestamp() < w1) await Task.Delay(1);
            scpu1 = ProcStat.CpuSeconds(o.Pid); ccpu1 = ProcStat.CpuSeconds(self);
        });
        string pad = new string('x', Math.Max(0, o.Size - 40));

        async Task SenderRest(int i)
        {
            var u = users[i];
            for (int n = 0; n < 1_000_000 && Stopwatch.GetTimestamp() < w1; n++)
            {
                long t0 = Stopwatch.GetTimestamp();
                var r = await api.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{convOf[i]}/messages", u.Token,
                    $"{{\"content\":\"@d:{i}:{n}:{pad}\",\"clientMessageId\":\"{tag}-{i}-{n}\"}}");
                long t1 = Stopwatch.GetTimestamp();
                if (r.Status == HttpStatusCode.Created) Interlocked.Increment(ref created[i]);
                else { Err($"rest {(int)r.Status} {r.Text[..Math.Min(200, r.Text.Length)]}"); continue; }
                if (t0 >= w0 && t1 <= w1) { Interlocked.Increment(ref acked); hist.Record((t1 - t0) * 1_000_000 / Stopwatch.Frequency); }
            }
        }

        async Task SenderWs(int i)
        {
            var u = users[i];
            using var ws = new ClientWebSocket();
            ws.Options.KeepAliveInterval = TimeSpan.Zero;
            using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
                await ws.ConnectAsync(await api.TicketUriAsync(u), cts.Token);
            var buf = new byte[1 << 16];
            async Task<string> Next(CancellationToken ct)
            {
                int len = 0;
                ValueWebSocketReceiveResult r;
                do
                {
                    if (len == buf.Length) Array.Resize(ref buf, buf.Length * 2);
                    r = await ws.ReceiveAsync(buf.AsMemory(len), ct);
                    if (r.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException($"closed {ws.CloseStatus} {ws.CloseStatusDescription}");
                    len += r.Count;
                } while (!r.EndOfMessage);
                return Encoding.UTF8.GetString(buf, 0, len);
            }
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(o.Warmup + o.Duration + 60));
            while (!(await Next(stop.Token)).Contains("\"online_friends\"")) { }
            for (int n = 0; n < 1_000_000 && Stopwatch.GetTimestamp() < w1; n++)
            {
                string reference = $"{i}.{n}";
                var frame = Encoding.UTF8.GetBytes($"{{\"type\":\"send_message\",\"ref\":\"{reference}\",\"conversationId\":\"{convOf[i]}\",\"content\":\"@d:{i}:{n}:{pad}\",\"clientMessageId\":\"{tag}-{i}-{n}\"}}");
                long t0 = Stopwatch.GetTimestamp();
                await ws.SendAsync(frame, WebSocketMessageType.Text, true, stop.Token);
                string answer;
                // Other frames (new_message from other senders in the channel, presence, ...) are skipped.
                while (true)
                {
                    answer = await Next(stop.Token);
                    if (answer.Contains($"\"ref\":\"{reference}\"")) break;
                }
                long t1 = Stopwatch.GetTimestamp();
                if (answer.Contains("\"type\":\"message_sent\"")) Interlocked.Increment(ref created[i]);
                else { Err("ws " + answer[..Math.Min(200, answer.Length)]); continue; }
                if (t0 >= w0 && t1 <= w1) { Interlocked.Increment(ref acked); hist.Record((t1 - t0) * 1_000_000 / Stopwatch.Frequency); }
            }
            try { using var c = new CancellationTokenSource(2000); await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, c.Token); } catch { }
        }

        // ---- open loop: a scheduler hands message k (due at w0 - warm-up + k/rate) to sender k % N ----
        var outboxes = Enumerable.Range(0, o.Senders).Select(_ => System.Threading.Channels.Channel.CreateUnbounded<(int n, long due)>()).ToArray();
        void Record(long due, long t1)
        {
            if (due >= w0 && due < w1) { Interlocked.Increment(ref acked); hist.Record((t1 - due) * 1_000_000 / Stopwatch.Frequency); }
        }

        async Task OpenRest(int i)
        {
            var u = users[i];
            var inflight = new List<Task>();
            await foreach (var (n, due) in outboxes[i].Reader.ReadAllAsync())
            {
                inflight.Add(Task.Run(async () =>
                {
                    var r = await api.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{convOf[i]}/messages", u.Token,
                        $"{{\"content\":\"@d:{i}:{n}:{pad}\",\"clientMessageId\":\"{tag}-{i}-{n}\"}}");
                    long t1 = Stopwatch.GetTimestamp();
                    if (r.Status == HttpStatusCode.Created) { Interlocked.Increment(ref created[i]); Record(due, t1); }
                    else Err($"rest {(int)r.Status} {r.Text[..Math.Min(200, r.Text.Length)]}");
                }));
            }
            await Task.WhenAll(inflight).WaitAsync(TimeSpan.FromSeconds(30));
        }

        async Task OpenWs(int i)
        {
            var u = users[i];
            using var ws = new ClientWebSocket();
            ws.Options.KeepAliveInterval = TimeSpan.Zero;
            using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
                await ws.ConnectAsync(await api.TicketUriAsync(u), cts.Token);
            var pending = new System.Collections.Concurrent.ConcurrentDictionary<int, long>();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(o.Warmup + o.Duration + 60));
            var greeted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var reader = Task.Run(async () =>
            {
                var buf = new byte[1 << 16];
                try
                {
                    while (true)
                    {
                        int len = 0;
                        ValueWebSocketReceiveResult r;
                        do
                        {
                            if (len == buf.Length) Array.Resize(ref buf, buf.Length * 2);
                            r = await ws.ReceiveAsync(buf.AsMemory(len), stop.Token);
                            if (r.MessageType == WebSocketMessageType.Close) return;
                            len += r.Count;
                        } while (!r.EndOfMessage);
                        long t1 = Stopwatch.GetTimestamp();
                        var text = Encoding.UTF8.GetString(buf, 0, len);
                        if (text.Contains("\"online_friends\"")) { greeted.TrySetResult(); continue; }
                        int at = text.IndexOf($"\"ref\":\"{i}.", StringComparison.Ordinal);
                        if (at < 0) continue;
                        int p = at + 8 + i.ToString(System.Globalization.CultureInfo.InvariantCulture).Length, n = 0;
                        while (p < text.Length && char.IsAsciiDigit(text[p])) n = n * 10 + (text[p++] - '0');
                        if (!pending.TryRemove(n, out long due)) continue;
                        if (text.Contains("\"type\":\"message_sent\"")) { Interlocked.Increment(ref created[i]); Record(due, t1); }
                        else Err("ws " + text[..Math.Min(200, text.Length)]);
                        if (pending.IsEmpty && outboxes[i].Reader.Completion.IsCompleted) return;
                    }
                }
                catch (OperationCanceledException) { }
                catch (WebSocketException e) { Err($"ws {i}: {e.Message}"); }
            });
            await greeted.Task.WaitAsync(TimeSpan.FromSeconds(15));
            await foreach (var (n, due) in outboxes[i].Reader.ReadAllAsync())
            {
                pending[n] = due;
                await ws.SendAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"send_message\",\"ref\":\"{i}.{n}\",\"conversationId\":\"{convOf[i]}\",\"content\":\"@d:{i}:{n}:{pad}\",\"clientMessageId\":\"{tag}-{i}-{n}\"}}"),
                    WebSocketMessageType.Text, true, stop.Token);
            }
            // answers still owed: wait for them (bounded), then close
            for (int k = 0; k < 300 && !pending.IsEmpty; k++) await Task.Delay(100);
            if (!pending.IsEmpty) Err($"ws {i}: {pending.Count} sends never answered");
            try { using var c = new CancellationTokenSource(2000); await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, c.Token); } catch { }
            stop.Cancel();
            try { await reader; } catch { }
        }

        Task? scheduler = null;
        if (openRate > 0)
        {
            long t0 = start;
            int total = (int)Math.Round(openRate * (o.Warmup + o.Duration));
            scheduler = Task.Factory.StartNew(() =>
            {
                for (int k = 0; k < total; k++)
                {
                    long due = t0 + (long)(k * freq / openRate);
                    while (Stopwatch.GetTimestamp() < due) Thread.Sleep(1);
                    outboxes[k % o.Senders].Writer.TryWrite((k / o.Senders, due));
                }
                foreach (var ob in outboxes) ob.Writer.TryComplete();
            }, TaskCreationOptions.LongRunning);
        }

        var senders = Enumerable.Range(0, o.Senders).Select(i => Task.Run(async () =>
        {
            try { await (openRate > 0 ? (transport == "ws" ? OpenWs(i) : OpenRest(i)) : transport == "ws" ? SenderWs(i) : SenderRest(i)); }
            catch (Exception e) { Err($"sender {i}: {e.GetType().Name} {e.Message}"); }
        })).ToArray();
        await Task.WhenAll(senders);
        if (scheduler != null) await scheduler;
        await meter;

        res.WindowSec = o.Duration;
        res.Acked = acked; res.AckedPerSec = acked / o.Duration;
        res.P50Ms = hist.Percentile(0.50) / 1000.0; res.P90Ms = hist.Percentile(0.90) / 1000.0;
        res.P99Ms = hist.Percentile(0.99) / 1000.0; res.MaxMs = hist.Max / 1000.0;
        res.ServerCpuCores = (scpu1 - scpu0) / o.Duration;
        res.ServerCpuMsPerMessage = acked > 0 ? (scpu1 - scpu0) / acked * 1000 : double.NaN;
        res.ClientCpuCores = (ccpu1 - ccpu0) / o.Duration;
        res.Errors = errors; res.ErrorSamples = errorSamples;

        // Nothing lost, nothing doubled: each conversation's lastSeq == the messages the server said it created in it.
        res.CreatedTotal = created.Sum();
        foreach (var conv in convOf.Distinct())
        {
            var node = await api.ConversationAsync(users[Array.IndexOf(convOf, conv)], conv);
            res.LastSeqTotal += node["lastSeq"]!.GetValue<long>();
        }
        res.SeqMatchesCreated = res.CreatedTotal == res.LastSeqTotal;
        res.ApiServerErrors = api.ServerErrors;
        res.LoadAfter = Load();
        Harness.Log($"durable {res.Loop}{(openRate > 0 ? $" at {openRate:F0} msg/s" : "")} {transport}/{target} N={o.Senders}{(target == "channel" ? $" members={nUsers}" : "")}: {res.AckedPerSec:F1} acked msg/s, ack p50 {res.P50Ms:F2} p90 {res.P90Ms:F2} p99 {res.P99Ms:F2} max {res.MaxMs:F1} ms; " +
                    $"srvCPU {res.ServerCpuCores:F2} cores = {res.ServerCpuMsPerMessage:F2} ms/msg; cliCPU {res.ClientCpuCores:F2}; errors {errors}; created {res.CreatedTotal} vs lastSeq {res.LastSeqTotal}{(res.SeqMatchesCreated ? " OK" : " MISMATCH")}");
        if (errors > 0) Harness.Log("errors: " + string.Join(" | ", errorSamples.Take(3)));
        return res;
    }

    public static string Load() { try { return File.ReadAllText("/proc/loadavg").Trim(); } catch { return ""; } }
}

/// <summary>
/// History reads: GET /conversations/{id}/messages?limit=L&amp;before=S at uniformly random S, closed loop at concurrency C.
/// </summary>
public static class History
{
    public sealed class Result
    {
        public string Scenario { get; set; } = "";
        public string Label { get; set; } = "";
        public int Requests { get; set; }
        public int Concurrency { get; set; }
        public int Limit { get; set; }
        public long MaxSeq { get; set; }
        public double Seconds { get; set; }
        public double RequestsPerSec { get; set; }
        public double P50Ms { get; set; }
        public double P90Ms { get; set; }
        public double P99Ms { get; set; }
        public double MaxMs { get; set; }
        public long Errors { get; set; }
        public long WrongCount { get; set; }
        public double ServerCpuMsPerRequest { get; set; }
        public string LoadBefore { get; set; } = "";
        public string LoadAfter { get; set; } = "";
    }

    public static async Task<Result> RunAsync(Options o, string user, string conv, long maxSeq, int requests, int concurrency, int limit, string scenario = "")
    {
        using var api = new ChatApi(o.Url);
        var login = await api.SendAsync(HttpMethod.Post, "/api/v1/auth/login", null, new { username = user, password = ChatApi.Password });
        if (login.Status != HttpStatusCode.OK) throw new InvalidOperationException("login: " + login.Text);
        string token = login.Body!["accessToken"]!.GetValue<string>();
        var res = new Result { Scenario = scenario, Label = o.Label, Requests = requests, Concurrency = concurrency, Limit = limit, MaxSeq = maxSeq, LoadBefore = Durable.Load() };
        // warm-up: a few requests not measured
        for (int i = 0; i < 20; i++) await api.SendAsync(HttpMethod.Get, $"/api/v1/conversations/{conv}/messages?limit={limit}&before={maxSeq / 2 + i}", token, null);
        var hist = new Histogram();
        long errors = 0, wrong = 0;
        var rng = new Random(12345);
        var befores = Enumerable.Range(0, requests).Select(_ => rng.NextInt64(limit + 1, maxSeq + 2)).ToArray();
        double cpu0 = ProcStat.CpuSeconds(o.Pid);
        var sw = Stopwatch.StartNew();
        await ChatApi.ForEachBounded(requests, concurrency, async i =>
        {
            var r = await api.SendAsync(HttpMethod.Get, $"/api/v1/conversations/{conv}/messages?limit={limit}&before={befores[i]}", token, null);
            hist.Record((long)(r.Ms * 1000));
            if (r.Status != HttpStatusCode.OK) { Interlocked.Increment(ref errors); return; }
            var items = r.Body!["items"]!.AsArray();
            if (items.Count != limit || items[^1]!["seq"]!.GetValue<long>() != befores[i] - 1) Interlocked.Increment(ref wrong);
        });
        res.Seconds = sw.Elapsed.TotalSeconds;
        double cpu1 = ProcStat.CpuSeconds(o.Pid);
        res.RequestsPerSec = requests / res.Seconds;
        res.P50Ms = hist.Percentile(0.50) / 1000.0; res.P90Ms = hist.Percentile(0.90) / 1000.0;
        res.P99Ms = hist.Percentile(0.99) / 1000.0; res.MaxMs = hist.Max / 1000.0;
        res.Errors = errors; res.WrongCount = wrong;
        res.ServerCpuMsPerRequest = (cpu1 - cpu0) / requests * 1000;
        res.LoadAfter = Durable.Load();
        Harness.Log($"history c={concurrency}: {requests} x GET messages?limit={limit}&before=rand(1..{maxSeq}) in {res.Seconds:F1}s = {res.RequestsPerSec:F0}/s; p50 {res.P50Ms:F2} p90 {res.P90Ms:F2} p99 {res.P99Ms:F2} max {res.MaxMs:F1} ms; srv {res.ServerCpuMsPerRequest:F2} ms CPU/req; errors {errors}, wrong pages {wrong}");
        return res;
    }
}
