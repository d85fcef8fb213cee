using System.Diagnostics;
using System.Text.Json.Serialization;

namespace LoadGen;

public sealed class Options
{
    public Proto Proto = Proto.Raw;
    public string Url = "ws://127.0.0.1:5101/ws";
    public int Pid;
    public int Members = 1000;
    public int Senders = 10;
    public int Size = 100;
    public string Room = "r0";
    public double Rate = 50;            // fixed mode: total offered msgs/s across all senders
    public double Warmup = 2, Duration = 10;
    public double StartRate = 20, Factor = 2, MaxRate = 20000;
    public int Bisect = 2;
    public double StepWarmup = 1, StepDuration = 4;
    public double DrainMax = 3;
    public double P99LimitMs = 200, ReachMin = 0.99;
    public double IdleSettle = 3;
    public double CommonRate = 0;       // suite: extra fixed run at this msgs/s for every server (0 = skip)
    public int ConnectConcurrency = 32;
    public string Label = "";
    // chat: REST setup bounds
    public int RegisterConcurrency = 8, JoinConcurrency = 8;
    // rooms scenario: Members split evenly into Rooms rooms; the first member of each room is its sender
    public int Rooms = 1;
    // idle: bind client sockets round-robin to 127.0.0.1..127.0.0.N (one address gives ~28,000 ephemeral ports)
    public int LocalAddresses = 1;
    // chat idle: sockets per registered user (1 = one socket per user, the realistic case) and no room at all
    public int SocketsPerUser = 1;
    public bool NoRoom;
    public double IdleHold = 0;
    // churn: extra members that join and leave the room while messages flow; time in and out of the room
    public int Churners;
    public double DwellMs = 300;
    // overload: offered rate = factor x the measured max (or --rate), with a longer drain
    public double OverloadFactor = 2, OverloadDrain = 15;

}

public sealed class StepStats(int step, int nWarm, int nMeas, int perMessage)
{
    public readonly int Step = step, NWarm = nWarm, NMeas = nMeas, PerMessage = perMessage;
    public readonly Histogram Hist = new();
    public long WindowDelivered, Self, Sent, MaxSendLagTicks, Acks, Refused;
    /// <summary>Per measured message: deliveries seen, and whether its sender got <c>message_sent</c> (chat).</summary>
    public readonly int[] DeliveredPer = new int[nMeas];
    public readonly int[] AckedFlag = new int[nMeas];
    public readonly Histogram AckHist = new();   // chat: scheduled send -> message_sent (stored) on the sender's socket
}

public sealed record StepResult(
    int Step, double OfferedMsgsPerSec, double ExpectedDeliveriesPerSec, double WindowSec, long MessagesMeasured,
    long ExpectedDeliveries, long DeliveredInWindow, double Reach, double DeliveriesPerSec,
    double P50Ms, double P90Ms, double P99Ms, double MaxMs,
    double ServerCpuSec, double ServerCpuPer1000Deliveries, double ServerCpuCores, double ClientCpuCores,
    double MaxSendLagMs, long SelfDeliveries, bool Good,
    long Acks = 0, double AckP50Ms = double.NaN, double AckP99Ms = double.NaN,
    long Refused = 0, double AckedReach = double.NaN);

/// <summary>churn: joins and leaves done while a step ran, and deliveries a member got after its leave was acknowledged.</summary>
public sealed record ChurnResult(
    int Churners, double Seconds, long Joins, long Leaves, double JoinsPerSec, double LeavesPerSec,
    double JoinP50Ms, double JoinP99Ms, double LeaveP50Ms, double LeaveP99Ms,
    long DeliveriesWhileMember, long DeliveriesAfterLeave, long Errors);

public sealed class Harness(Options o)
{
    public readonly Options O = o;
    private readonly List<Client> _clients = new();
    private readonly CancellationTokenSource _stop = new();
    public CancellationToken Stopping => _stop.Token;
    private volatile StepStats? _current;
    private int _stepNo;
    private long _receivedAll, _stale, _unparsed, _errorCount;
    private readonly List<string> _errors = new();
    public IReadOnlyList<string> Errors { get { lock (_errors) return _errors.ToList(); } }
    public long ErrorCount => Interlocked.Read(ref _errorCount);
    public long Stale => Interlocked.Read(ref _stale);
    public long Unparsed => Interlocked.Read(ref _unparsed);
    private Task? _pinger;
    // chat: whole-run delivery checks (per socket: seq must grow by exactly 1 on non-sender sockets)
    private long _chatOther, _chatNonMono, _chatDup, _chatGaps, _serverCloses;
    public long ChatOther => Interlocked.Read(ref _chatOther);
    public long ChatNonMonotonic => Interlocked.Read(ref _chatNonMono);
    public long ChatDuplicates => Interlocked.Read(ref _chatDup);
    public long ChatGaps => Interlocked.Read(ref _chatGaps);
    public long ServerCloses => Interlocked.Read(ref _serverCloses);
    public void OnChatOther() => Interlocked.Increment(ref _chatOther);
    public void OnChatNonMonotonic(bool dup) { Interlocked.Increment(ref _chatNonMono); if (dup) Interlocked.Increment(ref _chatDup); }
    public void OnChatGap(long n) => Interlocked.Add(ref _chatGaps, n);
    public void OnServerClose() => Interlocked.Increment(ref _serverCloses);
    public ChatApi? Api;
    public ChatUser[] ChatUsers = [];
    public string ChatConversation = "";
    public readonly Dictionary<string, double> SetupSeconds = new();
    public long RssBeforeSocketsKb = -1;
    public Histogram? JoinHist;

    private readonly Dictionary<int, string> _roomConv = new();
    private HttpMessageInvoker? _invoker;
    private long _refused, _afterLeave, _whileMember;
    public long Refused => Interlocked.Read(ref _refused);
    public int PerRoom => O.Members / O.Rooms;
    public int RoomOf(int id) => id < O.Members ? id / PerRoom : 0;
    public bool IsSenderId(int id) => id < O.Members && (O.Rooms == 1 ? id < O.Senders : id % PerRoom == 0);
    public int OpenCount { get { lock (_clients) return _clients.Count(c => c.IsOpen); } }

    public static void Log(string s) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {s}");

    public void OnError(string e)
    {
        Interlocked.Increment(ref _errorCount);
        lock (_errors) if (_errors.Count < 20) _errors.Add(e);
    }

    public int CurrentStepNo => _current?.Step ?? -1;
    private long _skipped;
    public long Skipped => Interlocked.Read(ref _skipped);
    public void OnSkipped() => Interlocked.Increment(ref _skipped);

    public void OnSent(long schedTs)
    {
        var st = _current;
        if (st == null) return;
        Interlocked.Increment(ref st.Sent);
        long lag = Stopwatch.GetTimestamp() - schedTs, m;
        while (lag > (m = Interlocked.Read(ref st.MaxSendLagTicks)) && Interlocked.CompareExchange(ref st.MaxSendLagTicks, lag, m) != m) { }
    }

    private static long Num(ReadOnlySpan<byte> s, ref int p)
    {
        long v = 0;
        while (p < s.Length && (uint)(s[p] - '0') <= 9) v = v * 10 + (s[p++] - '0');
        p++; // skip ':'
        return v;
    }

    /// <summary>chat: message_sent on the sender's socket, i.e. the message is stored; latency from its scheduled time.</summary>
    public void OnAck(ReadOnlySpan<byte> payload)
    {
        long now = Stopwatch.GetTimestamp();
        int p = 1;
        long step = Num(payload, ref p), ts = Num(payload, ref p), seq = Num(payload, ref p);
        var st = _current;
        if (st == null || step != st.Step) return;
        if (seq >= st.NWarm && seq < st.NWarm + st.NMeas)
        {
            Interlocked.Increment(ref st.Acks);
            Interlocked.Exchange(ref st.AckedFlag[seq - st.NWarm], 1);
            st.AckHist.Record((now - ts) * 1_000_000 / Stopwatch.Frequency);
        }
    }

    public void OnPayload(Client c, ReadOnlySpan<byte> msg)
    {
        long now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _receivedAll);
        int at = msg.IndexOf((byte)'@');
        if (at < 0) { Interlocked.Increment(ref _unparsed); return; }
        int p = at + 1;
        long step = Num(msg, ref p), ts = Num(msg, ref p), seq = Num(msg, ref p), sender = Num(msg, ref p);
        var st = _current;
        if (st == null || step != st.Step) { Interlocked.Increment(ref _stale); return; }
        if (sender == c.Id) { Interlocked.Increment(ref st.Self); return; }
        if (seq >= st.NWarm && seq < st.NWarm + st.NMeas)
        {
            Interlocked.Increment(ref st.WindowDelivered);
            Interlocked.Increment(ref st.DeliveredPer[seq - st.NWarm]);
            st.Hist.Record((now - ts) * 1_000_000 / Stopwatch.Frequency);
        }
    }

    /// <summary>chat: an <c>error</c> <c>rate_limited</c> answer (the server refusing a send under load), by its ref "step.seq".</summary>
    public void OnRefused(ReadOnlySpan<byte> frame)
    {
        Interlocked.Increment(ref _refused);
        int r = frame.IndexOf("\"ref\":\""u8);
        var st = _current;
        if (r < 0 || st == null) return;
        int p = r + 7;
        long step = 0, seq = 0;
        while (p < frame.Length && (uint)(frame[p] - '0') <= 9) step = step * 10 + (frame[p++] - '0');
        p++;
        while (p < frame.Length && (uint)(frame[p] - '0') <= 9) seq = seq * 10 + (frame[p++] - '0');
        if (step == st.Step && seq >= st.NWarm && seq < st.NWarm + st.NMeas) Interlocked.Increment(ref st.Refused);
    }

    /// <summary>
    /// churn: a message reached a member that joins and leaves. After its leave was acknowledged (and before it asks to
    /// join again) no message sent later may reach it: the payload's scheduled time is before its actual send, so a
    /// scheduled time after the leave's acknowledgement proves the message was stored after the member left.
    /// </summary>
    public void OnChurnerPayload(Client c, ReadOnlySpan<byte> msg)
    {
        int p = 1;
        Num(msg, ref p);
        long ts = Num(msg, ref p);
        long outSince = Interlocked.Read(ref c.OutSince);
        if (outSince > 0 && ts > outSince)
        {
            Interlocked.Increment(ref _afterLeave);
            OnError($"churner {c.Id}: got a message sent {(ts - outSince) * 1000.0 / Stopwatch.Frequency:F1} ms after its leave was acknowledged");
        }
        else Interlocked.Increment(ref _whileMember);
    }

    // ---- setup ---------------------------------------------------------------------------------

    /// <summary>
    /// chat: register the users; unless <see cref="Options.NoRoom"/>, the first member of each room creates it (public)
    /// and the others join; find each room's text channel. Churners are registered but join nothing yet.
    /// </summary>
    private async Task ChatSetupAsync()
    {
        Api = new ChatApi(O.Url);
        string tag = Guid.NewGuid().ToString("N")[..6];
        var sw = Stopwatch.StartNew();
        int users = O.NoRoom ? (O.Members + O.SocketsPerUser - 1) / O.SocketsPerUser : O.Members + O.Churners;
        ChatUsers = await Api.RegisterManyAsync($"p{tag}", users, O.RegisterConcurrency);
        SetupSeconds["register"] = sw.Elapsed.TotalSeconds;
        Log($"chat: registered {users} users in {sw.Elapsed.TotalSeconds:F1}s");
        if (!O.NoRoom)
        {
            var hist = new Histogram();
            sw.Restart();
            await ChatApi.ForEachBounded(O.Rooms, O.Rooms == 1 ? 1 : Math.Max(1, O.JoinConcurrency / 2), async r =>
            {
                var slice = ChatUsers.Skip(r * PerRoom).Take(PerRoom).ToArray();
                var (room, channel, _, _) = await Api.RoomWithMembersAsync(slice, $"perf-{tag}-{r}", O.Rooms == 1 ? O.JoinConcurrency : 2, hist);
                lock (_roomConv) { _roomConv[r] = channel; if (r == 0) { ChatConversation = channel; ChatRoom = room; } }
            });
            SetupSeconds["join"] = sw.Elapsed.TotalSeconds; JoinHist = hist;
            Log($"chat: {O.Rooms} room(s) x {PerRoom} members ready in {sw.Elapsed.TotalSeconds:F1}s (join p50 {hist.Percentile(0.5) / 1000.0:F1} ms p99 {hist.Percentile(0.99) / 1000.0:F1} ms); retries {Api.Retries}, 5xx {Api.ServerErrors}");
        }
        RssBeforeSocketsKb = ProcStat.RssKb(O.Pid);
    }

    public string ChatRoom = "";

    private ChatUser UserOf(int id) => O.NoRoom ? ChatUsers[id / O.SocketsPerUser] : ChatUsers[id];

    private Client NewClient(int id)
    {
        int room = RoomOf(id);
        var c = new Client(id, O.Proto, this, _invoker)
        {
            ChatTag = O.Label, IsSender = IsSenderId(id), IsChurner = id >= O.Members, Room = O.Rooms == 1 ? O.Room : $"r{room}",
        };
        if (O.Proto == Proto.Chat && !O.NoRoom) c.ChatConversation = _roomConv[room];
        return c;
    }

    private async Task<Uri> UriOf(Client c) =>
        O.Proto == Proto.Chat ? await Api!.TicketUriAsync(UserOf(c.Id))
        : O.Proto == Proto.Raw ? new Uri($"{O.Url}?room={c.Room}&id={c.Id}") : new Uri(O.Url);

    /// <summary>A handler whose connections bind round-robin to 127.0.0.1..127.0.0.N before connecting.</summary>
    private static HttpMessageInvoker LocalAddressInvoker(int n)
    {
        int next = -1;
        var handler = new System.Net.Http.SocketsHttpHandler
        {
            ConnectCallback = async (ctx, ct) =>
            {
                var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    int k = (int)((uint)Interlocked.Increment(ref next) % (uint)n);
                    s.Bind(new System.Net.IPEndPoint(new System.Net.IPAddress(new byte[] { 127, 0, 0, (byte)(1 + k) }), 0));
                    await s.ConnectAsync(ctx.DnsEndPoint, ct);
                    return new System.Net.Sockets.NetworkStream(s, ownsSocket: true);
                }
                catch { s.Dispose(); throw; }
            },
        };
        return new HttpMessageInvoker(handler);
    }

    public async Task ConnectAllAsync()
    {
        if (O.Members % O.Rooms != 0) throw new ArgumentException("members must be a multiple of rooms");
        if (O.LocalAddresses > 1) _invoker = LocalAddressInvoker(O.LocalAddresses);
        if (O.Proto == Proto.Chat) await ChatSetupAsync();
        var sockSw = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(O.ConnectConcurrency);
        var tasks = new List<Task>();
        int total = O.Members + O.Churners, done = 0;
        for (int i = 0; i < total; i++)
        {
            int id = i;
            tasks.Add(Task.Run(async () =>
            {
                await gate.WaitAsync();
                try
                {
                    for (int attempt = 1; ; attempt++)
                    {
                        var c = NewClient(id);
                        var u = await UriOf(c);
                        try
                        {
                            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                            await c.ConnectAndJoinAsync(u, c.Room, cts.Token);
                            lock (_clients) _clients.Add(c);
                            int n = Interlocked.Increment(ref done);
                            if (total >= 5000 && n % 5000 == 0) Log($"{n} sockets connected ({sockSw.Elapsed.TotalSeconds:F0}s, server RSS {ProcStat.RssKb(O.Pid) / 1024.0:F0} MiB)");
                            return;
                        }
                        catch (Exception e) when (attempt < 3)
                        {
                            Log($"connect {id} attempt {attempt} failed: {e.Message}");
                            await c.CloseAsync();
                            await Task.Delay(200);
                        }
                    }
                }
                finally { gate.Release(); }
            }));
        }
        await Task.WhenAll(tasks);
        SetupSeconds["sockets"] = sockSw.Elapsed.TotalSeconds;
        _clients.Sort((a, b) => a.Id.CompareTo(b.Id));
        foreach (var c in _clients.Where(c => c.IsSender)) c.StartSender(c.Room, O.Size, Stopping);
        if (O.Proto == Proto.SignalR)
            _pinger = Task.Run(async () =>
            {
                try
                {
                    for (int n = 0; n < 100_000 && !Stopping.IsCancellationRequested; n++)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(10), Stopping);
                        foreach (var c in _clients) await c.PingAsync(Stopping);
                    }
                }
                catch (OperationCanceledException) { }
                catch (Exception e) { OnError("pinger: " + e.Message); }
            });
    }

    public async Task CloseAllAsync()
    {
        _stop.Cancel();
        await Task.WhenAll(_clients.Select(c => c.CloseAsync()));
        if (_pinger != null) try { await _pinger; } catch { }
    }

    // ---- one measured step ---------------------------------------------------------------------

    private long _reconnects;
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>
    /// chat: sockets the server closed (1013 "outbound queue full", ...) are replaced by new ones (fresh ticket) before
    /// the next step, so one overloaded step does not empty every later step. Counted in <see cref="Reconnects"/>.
    /// </summary>
    private async Task ReviveAsync()
    {
        if (O.Proto != Proto.Chat) return;
        List<Client> dead;
        lock (_clients) dead = _clients.Where(c => !c.IsOpen).ToList();
        if (dead.Count == 0) return;
        var sw = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(O.ConnectConcurrency);
        var fresh = await Task.WhenAll(dead.Select(async d =>
        {
            await gate.WaitAsync();
            try
            {
                await d.CloseAsync();
                var c = NewClient(d.Id);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await c.ConnectAndJoinAsync(await UriOf(c), c.Room, cts.Token);
                if (c.IsSender) c.StartSender(c.Room, O.Size, Stopping);
                Interlocked.Increment(ref _reconnects);
                return c;
            }
            finally { gate.Release(); }
        }));
        lock (_clients) foreach (var c in fresh) _clients[_clients.FindIndex(x => x.Id == c.Id)] = c;
        Log($"chat: reconnected {fresh.Length} sockets the server had closed ({sw.Elapsed.TotalSeconds:F1}s)");
    }

    public async Task<StepResult> RunStepAsync(double rate, double warmup, double duration, double? drain = null)
    {
        await ReviveAsync();
        int perMessage = PerRoom - 1;
        int nWarm = (int)Math.Round(rate * warmup), nMeas = Math.Max(1, (int)Math.Round(rate * duration));
        var st = new StepStats(++_stepNo, nWarm, nMeas, perMessage);
        _current = st;
        Client[] senders;
        lock (_clients) senders = _clients.Where(c => c.IsSender).ToArray();
        double freq = Stopwatch.Frequency;
        long t0 = Stopwatch.GetTimestamp() + (long)(freq / 20);
        long Sched(int i) => t0 + (long)(i * freq / rate);
        int total = nWarm + nMeas;
        long tw0 = 0, tw1 = 0, recv0 = 0, recv1 = 0;
        double scpu0 = 0, scpu1 = 0, ccpu0 = 0, ccpu1 = 0;
        int self = Environment.ProcessId;

        // Open-loop scheduler on a dedicated thread: message i is due at t0 + i/rate no matter how
        // the server or the senders are doing; latency is measured from that scheduled time.
        await Task.Factory.StartNew(() =>
        {
            int i = 0;
            long deadline = Sched(total) + (long)(freq * 60);
            while (i < total && Stopwatch.GetTimestamp() < deadline)
            {
                long now = Stopwatch.GetTimestamp();
                while (i < total && Sched(i) <= now)
                {
                    if (i == nWarm)
                    {
                        tw0 = Stopwatch.GetTimestamp(); recv0 = Interlocked.Read(ref _receivedAll);
                        scpu0 = ProcStat.CpuSeconds(O.Pid); ccpu0 = ProcStat.CpuSeconds(self);
                    }
                    senders[i % senders.Length].Outbox!.Writer.TryWrite((st.Step, Sched(i), i));
                    i++;
                }
                if (i < total) Thread.Sleep(1);
            }
            while (Stopwatch.GetTimestamp() < Sched(total)) Thread.Sleep(1);
            tw1 = Stopwatch.GetTimestamp(); recv1 = Interlocked.Read(ref _receivedAll);
            scpu1 = ProcStat.CpuSeconds(O.Pid); ccpu1 = ProcStat.CpuSeconds(self);
        }, TaskCreationOptions.LongRunning);

        // Drain: wait for in-window messages still in flight, bounded by DrainMax.
        long expected = (long)nMeas * perMessage;
        var drainUntil = Stopwatch.GetTimestamp() + (long)((drain ?? O.DrainMax) * freq);
        while (Interlocked.Read(ref st.WindowDelivered) < expected && Stopwatch.GetTimestamp() < drainUntil)
            await Task.Delay(20);
        long delivered = Interlocked.Read(ref st.WindowDelivered);
        _current = null; // anything later is stale (counts as not reached)
        await QuiesceAsync();

        double win = (tw1 - tw0) / freq;
        long recvWin = recv1 - recv0;
        double scpu = scpu1 - scpu0;
        double reach = expected == 0 ? 0 : (double)delivered / expected;
        // Percentiles over the deliveries that arrived; undelivered ones lower reach instead.
        double p99 = st.Hist.Percentile(0.99) / 1000.0;
        bool good = reach >= O.ReachMin && p99 <= O.P99LimitMs && Interlocked.Read(ref st.Self) == 0;
        // Reach of acknowledged messages: of the measured messages whose sender got message_sent, the share of their
        // deliveries that arrived (a refused send is not acknowledged and owes nobody a delivery).
        long ackedN = 0, ackedDelivered = 0;
        for (int k = 0; k < nMeas; k++)
            if (Volatile.Read(ref st.AckedFlag[k]) == 1) { ackedN++; ackedDelivered += Volatile.Read(ref st.DeliveredPer[k]); }
        double ackedReach = ackedN == 0 ? double.NaN : (double)ackedDelivered / (ackedN * (long)perMessage);
        return new StepResult(
            st.Step, nMeas / duration, nMeas / duration * perMessage, win, nMeas, expected, delivered, reach,
            recvWin / win,
            st.Hist.Percentile(0.50) / 1000.0, st.Hist.Percentile(0.90) / 1000.0, p99, st.Hist.Max / 1000.0,
            scpu, recvWin > 0 ? scpu / recvWin * 1000 : double.NaN, scpu / win, (ccpu1 - ccpu0) / win,
            st.MaxSendLagTicks / freq * 1000, st.Self, good,
            Interlocked.Read(ref st.Acks), st.AckHist.Count == 0 ? double.NaN : st.AckHist.Percentile(0.50) / 1000.0,
            st.AckHist.Count == 0 ? double.NaN : st.AckHist.Percentile(0.99) / 1000.0,
            Interlocked.Read(ref st.Refused), ackedReach);
    }

    /// <summary>Wait until nothing has arrived for 1 s (bounded to 30 s) so steps don't overlap.</summary>
    private async Task QuiesceAsync()
    {
        var start = DateTime.UtcNow;
        var until = start.AddSeconds(30);
        long last = Interlocked.Read(ref _receivedAll);
        var quietSince = DateTime.UtcNow;
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(50);
            long now = Interlocked.Read(ref _receivedAll);
            if (now != last) { last = now; quietSince = DateTime.UtcNow; }
            else if (DateTime.UtcNow - quietSince > TimeSpan.FromMilliseconds(1000))
            {
                if (DateTime.UtcNow - start > TimeSpan.FromSeconds(3)) Log($"quiesce took {(DateTime.UtcNow - start).TotalSeconds:F1} s");
                return;
            }
        }
        Log("WARNING: room still busy after 30 s quiesce; next step may be contaminated");
        OnError("quiesce timeout");
    }

    /// <summary>
    /// churn: one open-loop step at <paramref name="rate"/> while every churner repeatedly joins the room (POST
    /// /rooms/{id}/join), stays <see cref="Options.DwellMs"/>, leaves (POST /rooms/{id}/leave) and stays out as long.
    /// </summary>
    public async Task<(StepResult Step, ChurnResult Churn)> RunChurnStepAsync(double rate, double warmup, double duration)
    {
        Client[] churners;
        lock (_clients) churners = _clients.Where(c => c.IsChurner).ToArray();
        using var stop = new CancellationTokenSource();
        var joinHist = new Histogram(); var leaveHist = new Histogram();
        long joins = 0, leaves = 0, errors = 0;
        long afterLeave0 = Interlocked.Read(ref _afterLeave), while0 = Interlocked.Read(ref _whileMember);
        var sw = Stopwatch.StartNew();
        var loops = churners.Select((c, k) => Task.Run(async () =>
        {
            var u = ChatUsers[c.Id];
            await Task.Delay(TimeSpan.FromMilliseconds(O.DwellMs * k / Math.Max(1, churners.Length)));   // spread the phases
            while (!stop.IsCancellationRequested)
            {
                Interlocked.Exchange(ref c.OutSince, 0);
                var j = await Api!.SendAsync(HttpMethod.Post, $"/api/v1/rooms/{ChatRoom}/join", u.Token, null);
                if (j.Status == System.Net.HttpStatusCode.OK) { Interlocked.Increment(ref joins); joinHist.Record((long)(j.Ms * 1000)); }
                else { Interlocked.Increment(ref errors); OnError($"churn join {(int)j.Status} {j.Text[..Math.Min(200, j.Text.Length)]}"); }
                await Task.Delay(TimeSpan.FromMilliseconds(O.DwellMs));
                var l = await Api.SendAsync(HttpMethod.Post, $"/api/v1/rooms/{ChatRoom}/leave", u.Token, null);
                if (l.Status == System.Net.HttpStatusCode.NoContent)
                {
                    Interlocked.Exchange(ref c.OutSince, Stopwatch.GetTimestamp());
                    Interlocked.Increment(ref leaves); leaveHist.Record((long)(l.Ms * 1000));
                }
                else { Interlocked.Increment(ref errors); OnError($"churn leave {(int)l.Status} {l.Text[..Math.Min(200, l.Text.Length)]}"); }
                await Task.Delay(TimeSpan.FromMilliseconds(O.DwellMs));
            }
        })).ToArray();
        StepResult step;
        try { step = await RunStepAsync(rate, warmup, duration); }
        finally { stop.Cancel(); }
        double secs = sw.Elapsed.TotalSeconds;
        await Task.WhenAll(loops);
        // Messages still in flight to a member that just left: give them the drain time before counting.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var churn = new ChurnResult(churners.Length, secs, joins, leaves, joins / secs, leaves / secs,
            joinHist.Percentile(0.5) / 1000.0, joinHist.Percentile(0.99) / 1000.0, leaveHist.Percentile(0.5) / 1000.0, leaveHist.Percentile(0.99) / 1000.0,
            Interlocked.Read(ref _whileMember) - while0, Interlocked.Read(ref _afterLeave) - afterLeave0, errors);
        return (step, churn);
    }

    public static string Fmt(StepResult r) =>
        $"step {r.Step,2}: offered {r.OfferedMsgsPerSec,7:F1} msg/s (x{r.ExpectedDeliveriesPerSec / Math.Max(1e-9, r.OfferedMsgsPerSec):F0} = {r.ExpectedDeliveriesPerSec,9:F0} exp/s) " +
        $"recv {r.DeliveriesPerSec,9:F0}/s reach {r.Reach:F4} p50 {r.P50Ms,8:F2} p99 {r.P99Ms,8:F2} max {r.MaxMs,8:F2} ms " +
        $"srvCPU {r.ServerCpuCores:F2} cores, {r.ServerCpuPer1000Deliveries * 1000:F1} ms/1k; cliCPU {r.ClientCpuCores:F2} cores; sendLag {r.MaxSendLagMs:F1} ms " +
        (r.Acks > 0 ? $"acks {r.Acks}/{r.MessagesMeasured} ack p50 {r.AckP50Ms:F1} p99 {r.AckP99Ms:F1} ms acked reach {r.AckedReach:F4} " : "") +
        (r.Refused > 0 ? $"refused {r.Refused} " : "") + (r.Good ? "OK" : "FAIL");
}

public sealed class SuiteResult
{
    public string Label { get; set; } = "";
    public string Proto { get; set; } = "";
    public string Url { get; set; } = "";
    public int Members { get; set; }
    public int Senders { get; set; }
    public int PayloadBytes { get; set; }
    public string StartedUtc { get; set; } = "";
    public int Nproc { get; set; }
    public double ConnectSeconds { get; set; }
    public long ServerRssBaselineKb { get; set; }
    public long ServerRssIdleKb { get; set; }
    public long ServerRssBeforeSocketsKb { get; set; } = -1;   // chat: after the REST setup, before any socket
    public Dictionary<string, double> SetupSeconds { get; set; } = new();
    public double JoinP50Ms { get; set; } = double.NaN;
    public double JoinP99Ms { get; set; } = double.NaN;
    public long ChatOtherFrames { get; set; }
    public long ChatNonMonotonic { get; set; }
    public long ChatDuplicates { get; set; }
    public long ChatSeqGaps { get; set; }
    public long ServerCloses { get; set; }
    public string Scenario { get; set; } = "";
    public int Rooms { get; set; } = 1;
    public int Sockets { get; set; }
    public int LocalAddresses { get; set; } = 1;
    public long OpenAfterHold { get; set; } = -1;
    public long Refused { get; set; }
    public StepResult? Overload { get; set; }
    public ChurnResult? Churn { get; set; }
    public long Reconnects { get; set; }
    public long ApiRetries { get; set; }
    public long ApiServerErrors { get; set; }
    public List<string> ApiProblems { get; set; } = new();
    public string LoadBefore { get; set; } = "";
    public string LoadAfter { get; set; } = "";
    public List<StepResult> RampSteps { get; set; } = new();
    public StepResult? Max { get; set; }
    public StepResult? Half { get; set; }
    public StepResult? Common { get; set; }
    public long Stale { get; set; }
    public long Unparsed { get; set; }
    public long SkippedUnsent { get; set; }
    public long ErrorCount { get; set; }
    public List<string> Errors { get; set; } = new();
    [JsonIgnore] public string Summary => Max == null ? "no good step" : $"max {Max.DeliveriesPerSec:F0} deliveries/s";
}
