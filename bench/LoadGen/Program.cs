// Fan-out load generator. See ../README.md.
//   loadgen suite --proto raw|signalr|socketio --url URL --pid SERVER_PID [--label L] [--json out.json] [options]
//   loadgen fixed ... --rate R          one open-loop run at R msgs/s
//   loadgen max   ...                   ramp R until reach < 0.99 or p99 > 200 ms; report the last good step
//   loadgen idle  ...                   connect M members, report server RSS, disconnect
//   loadgen report DIR                  markdown table from DIR/*.json written by suite
//   loadgen durable --url http://127.0.0.1:5104 --pid P --transport rest|ws --target direct|channel --senders N [--room-members K]
//   loadgen durable ... --open-rate R    open loop at R msg/s instead (ack latency from each message's due time)
//   loadgen overload ... [--base-rate R] ramp to the max (or take R), then one step at --overload-factor (2) x it
//   loadgen churn ... --rate R --churners K [--dwell-ms 300]   K members join/leave the room while R msg/s flow
//   loadgen idle ... [--no-room true] [--sockets-per-user K] [--local-addresses N] [--idle-hold S]
//   loadgen plot DIR                    PNG latency-vs-offered-load plots from DIR/*.json
//   loadgen history --url http://127.0.0.1:5104 --pid P --user NAME --conv ID --max-seq S [--requests 1000 --concurrency 8 --limit 50]
using System.Globalization;
using System.Text.Json;
using LoadGen;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
ThreadPool.SetMinThreads(8, 8);

if (args.Length == 0) { Console.Error.WriteLine("usage: loadgen suite|fixed|max|idle|report ... (see README.md)"); return 2; }
string mode = args[0];
if (mode == "report") { Console.Write(Report.Render(args.Length > 1 ? args[1] : ".")); return 0; }
if (mode == "plot") { Plots.Render(args.Length > 1 ? args[1] : "."); return 0; }

var o = new Options();
string? jsonOut = null;
string transport = "rest", target = "direct", histUser = "", histConv = "";
int roomMembers = 0, requests = 1000, concurrency = 1, limit = 50;
long maxSeq = 0;
string scenario = "";
double baseRate = 0, openRate = 0, prewarm = 0;
for (int i = 1; i < args.Length; i++)
{
    string k = args[i], v = i + 1 < args.Length ? args[i + 1] : "";
    double D() => double.Parse(v, CultureInfo.InvariantCulture);
    int I() => int.Parse(v, CultureInfo.InvariantCulture);
    switch (k)
    {
        case "--proto": o.Proto = v switch { "raw" => Proto.Raw, "signalr" => Proto.SignalR, "socketio" => Proto.SocketIo, "chat" => Proto.Chat, _ => throw new ArgumentException("proto: raw|signalr|socketio|chat") }; break;
        case "--register-concurrency": o.RegisterConcurrency = I(); break;
        case "--join-concurrency": o.JoinConcurrency = I(); break;
        // An unknown value would otherwise run REST sends into direct conversations under another label.
        case "--transport": transport = v is "rest" or "ws" ? v : throw new ArgumentException("transport: rest|ws"); break;
        case "--target": target = v is "direct" or "channel" ? v : throw new ArgumentException("target: direct|channel"); break;
        case "--room-members": roomMembers = I(); break;
        case "--user": histUser = v; break;
        case "--conv": histConv = v; break;
        case "--max-seq": maxSeq = long.Parse(v, CultureInfo.InvariantCulture); break;
        case "--requests": requests = I(); break;
        case "--concurrency": concurrency = I(); break;
        case "--limit": limit = I(); break;
        case "--url": o.Url = v; break;
        case "--pid": o.Pid = I(); break;
        case "--members": o.Members = I(); break;
        case "--senders": o.Senders = I(); break;
        case "--size": o.Size = I(); break;
        case "--room": o.Room = v; break;
        case "--rate": o.Rate = D(); break;
        case "--warmup": o.Warmup = D(); break;
        case "--duration": o.Duration = D(); break;
        case "--start-rate": o.StartRate = D(); break;
        case "--factor": o.Factor = D(); break;
        case "--max-rate": o.MaxRate = D(); break;
        case "--bisect": o.Bisect = I(); break;
        case "--step-warmup": o.StepWarmup = D(); break;
        case "--step-duration": o.StepDuration = D(); break;
        case "--drain": o.DrainMax = D(); break;
        case "--p99-limit-ms": o.P99LimitMs = D(); break;
        case "--reach-min": o.ReachMin = D(); break;
        case "--idle-settle": o.IdleSettle = D(); break;
        case "--common-rate": o.CommonRate = D(); break;
        case "--label": o.Label = v; break;
        case "--scenario": scenario = v; break;
        case "--rooms": o.Rooms = I(); break;
        case "--local-addresses": o.LocalAddresses = I(); break;
        case "--sockets-per-user": o.SocketsPerUser = I(); break;
        case "--no-room": o.NoRoom = v == "true"; break;
        case "--idle-hold": o.IdleHold = D(); break;
        case "--churners": o.Churners = I(); break;
        case "--dwell-ms": o.DwellMs = D(); break;
        case "--overload-factor": o.OverloadFactor = D(); break;
        case "--overload-drain": o.OverloadDrain = D(); break;
        case "--base-rate": baseRate = D(); break;
        case "--open-rate": openRate = D(); break;
        case "--prewarm": prewarm = D(); break;
        case "--json": jsonOut = v; break;
        default: Console.Error.WriteLine($"unknown option {k}"); return 2;
    }
    i++;
}
var jsonOpts = new JsonSerializerOptions { WriteIndented = true, IncludeFields = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
if (mode is "durable" or "history")
{
    object r = mode == "durable"
        ? await Durable.RunAsync(o, transport, target, roomMembers, scenario, openRate)
        : await History.RunAsync(o, histUser, histConv, maxSeq, requests, concurrency, limit, scenario);
    var text = JsonSerializer.Serialize(r, r.GetType(), jsonOpts);
    if (jsonOut != null) File.WriteAllText(jsonOut, text); else Console.WriteLine(text);
    return 0;
}
if (o.Rooms == 1 && (o.Senders < 1 || o.Senders >= o.Members)) { Console.Error.WriteLine("need 1 <= senders < members"); return 2; }

var h = new Harness(o);
var res = new SuiteResult
{
    Scenario = scenario == "" ? mode : scenario, Rooms = o.Rooms, Sockets = o.Members + o.Churners, LocalAddresses = o.LocalAddresses,
    Label = o.Label, Proto = o.Proto.ToString(), Url = o.Url, Members = o.Members, Senders = o.Senders, PayloadBytes = o.Size,
    StartedUtc = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss"), Nproc = Environment.ProcessorCount,
    ServerRssBaselineKb = ProcStat.RssKb(o.Pid), LoadBefore = Durable.Load(),
};
int rc = 0;
var sw = System.Diagnostics.Stopwatch.StartNew();
try
{
    Harness.Log($"{o.Label} [{o.Proto}] connecting {o.Members} members to {o.Url} (server pid {o.Pid}, RSS {res.ServerRssBaselineKb / 1024.0:F1} MiB)");
    await h.ConnectAllAsync();
    res.ConnectSeconds = sw.Elapsed.TotalSeconds;
    res.ServerRssBeforeSocketsKb = h.RssBeforeSocketsKb >= 0 ? h.RssBeforeSocketsKb : res.ServerRssBaselineKb;
    await Task.Delay(TimeSpan.FromSeconds(o.IdleSettle));
    res.ServerRssIdleKb = ProcStat.RssKb(o.Pid);
    Harness.Log($"connected+joined in {res.ConnectSeconds:F1}s; server RSS with {o.Members} idle sockets: {res.ServerRssIdleKb / 1024.0:F1} MiB " +
                $"({(res.ServerRssIdleKb - res.ServerRssBeforeSocketsKb) / (double)o.Members:F1} KiB per socket)");
    if (mode == "idle")
    {
        if (o.IdleHold > 0) await Task.Delay(TimeSpan.FromSeconds(o.IdleHold));
        res.OpenAfterHold = h.OpenCount;
        Harness.Log($"idle: {res.OpenAfterHold} of {o.Members} sockets still open after {o.IdleSettle + o.IdleHold:F0}s");
    }

    // A cold server JIT-compiles its send path during the first messages: an unrecorded step warms it up first.
    if (prewarm > 0 && mode is "max" or "suite" or "overload" or "churn" or "fixed")
    {
        var w = await h.RunStepAsync(mode is "churn" or "fixed" ? o.Rate : o.StartRate, 0, prewarm);
        Harness.Log(Harness.Fmt(w) + " (pre-warm, not recorded)");
    }
    if (mode is "max" or "suite" || (mode == "overload" && baseRate <= 0))
    {
        StepResult? good = null, bad = null;
        for (double r = o.StartRate; r <= o.MaxRate; r *= o.Factor)
        {
            var s = await h.RunStepAsync(r, o.StepWarmup, o.StepDuration);
            res.RampSteps.Add(s); Harness.Log(Harness.Fmt(s));
            if (s.Good) good = s; else { bad = s; break; }
        }
        for (int b = 0; b < o.Bisect && good != null && bad != null; b++)
        {
            double mid = Math.Sqrt(good.OfferedMsgsPerSec * bad.OfferedMsgsPerSec);
            var s = await h.RunStepAsync(mid, o.StepWarmup, o.StepDuration);
            res.RampSteps.Add(s); Harness.Log(Harness.Fmt(s) + " (bisect)");
            if (s.Good) good = s; else bad = s;
        }
        res.Max = good;
        Harness.Log(good == null ? "max: no good step (lower --start-rate)" : $"max: last good step {good.OfferedMsgsPerSec:F1} msg/s -> {good.DeliveriesPerSec:F0} deliveries/s");
    }
    if (mode == "suite" && res.Max != null)
    {
        double half = res.Max.OfferedMsgsPerSec / 2;
        res.Half = await h.RunStepAsync(half, o.Warmup, o.Duration);
        Harness.Log(Harness.Fmt(res.Half) + " (50% of max)");
    }
    if (mode == "suite" && o.CommonRate > 0)
    {
        res.Common = await h.RunStepAsync(o.CommonRate, o.Warmup, o.Duration);
        Harness.Log(Harness.Fmt(res.Common) + $" (common rate {o.CommonRate} msg/s)");
    }
    if (mode == "overload")
    {
        double b = baseRate > 0 ? baseRate : res.Max?.OfferedMsgsPerSec ?? o.StartRate;
        res.Overload = await h.RunStepAsync(b * o.OverloadFactor, o.Warmup, o.Duration, o.OverloadDrain);
        Harness.Log(Harness.Fmt(res.Overload) + $" (overload: {o.OverloadFactor}x {b:F1} msg/s)");
    }
    if (mode == "churn")
    {
        var (step, churn) = await h.RunChurnStepAsync(o.Rate, o.Warmup, o.Duration);
        res.Half = step; res.Churn = churn;
        Harness.Log(Harness.Fmt(step) + " (churn)");
        Harness.Log($"churn: {churn.Churners} members joined {churn.Joins} times ({churn.JoinsPerSec:F1}/s, p50 {churn.JoinP50Ms:F1} p99 {churn.JoinP99Ms:F1} ms) and left {churn.Leaves} times " +
                    $"({churn.LeavesPerSec:F1}/s, p50 {churn.LeaveP50Ms:F1} p99 {churn.LeaveP99Ms:F1} ms); deliveries to them while members {churn.DeliveriesWhileMember}, after leaving {churn.DeliveriesAfterLeave}; errors {churn.Errors}");
    }
    if (mode == "fixed")
    {
        res.Half = await h.RunStepAsync(o.Rate, o.Warmup, o.Duration);
        Harness.Log(Harness.Fmt(res.Half));
    }
}
catch (Exception e)
{
    Harness.Log("FAILED: " + e);
    h.OnError("fatal: " + e.Message);
    rc = 1;
}
finally
{
    await h.CloseAllAsync();
}
res.Stale = h.Stale; res.Unparsed = h.Unparsed; res.SkippedUnsent = h.Skipped; res.ErrorCount = h.ErrorCount; res.Errors = h.Errors.ToList();
res.SetupSeconds = h.SetupSeconds; res.ChatOtherFrames = h.ChatOther; res.ChatNonMonotonic = h.ChatNonMonotonic; res.ChatDuplicates = h.ChatDuplicates;
res.Refused = h.Refused; res.ChatSeqGaps = h.ChatGaps; res.ServerCloses = h.ServerCloses; res.Reconnects = h.Reconnects; res.LoadAfter = Durable.Load();
if (h.JoinHist != null) { res.JoinP50Ms = h.JoinHist.Percentile(0.5) / 1000.0; res.JoinP99Ms = h.JoinHist.Percentile(0.99) / 1000.0; }
if (h.Api != null) { res.ApiRetries = h.Api.Retries; res.ApiServerErrors = h.Api.ServerErrors; res.ApiProblems = h.Api.Problems.ToList(); }
if (o.Proto == Proto.Chat) Harness.Log($"chat checks: seq gaps on non-sender sockets {res.ChatSeqGaps}, non-monotonic seq {res.ChatNonMonotonic} (dups {res.ChatDuplicates}), server closes {res.ServerCloses} (reconnected {res.Reconnects}), other frames {res.ChatOtherFrames}, REST 5xx {res.ApiServerErrors}");
if (res.ErrorCount > 0) Harness.Log($"{res.ErrorCount} client errors, first: {string.Join(" | ", res.Errors.Take(3))}");
var json = JsonSerializer.Serialize(res, jsonOpts);
if (jsonOut != null) File.WriteAllText(jsonOut, json);
else Console.WriteLine(json);
return rc;
