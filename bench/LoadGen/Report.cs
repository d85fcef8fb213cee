using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace LoadGen;

/// <summary>
/// Renders one run directory (the JSON files written by the modes of this tool, named &lt;scenario&gt;-&lt;server&gt;….json by
/// bench/run.sh) as markdown tables, one section per scenario, with ratios to the ceiling measured in the same run.
/// </summary>
public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static List<(string File, JsonNode Node)> Load(string dir) =>
        Directory.GetFiles(dir, "*.json").OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path.GetFileNameWithoutExtension(f), JsonNode.Parse(File.ReadAllText(f))))
            .Where(x => x.Item2 is JsonObject)
            .Select(x => (x.Item1, x.Item2!))
            .ToList();

    private static double D(JsonNode? n, string path)
    {
        foreach (var k in path.Split('.'))
        {
            if (n is not JsonObject o || !o.TryGetPropertyValue(k, out n)) return double.NaN;
        }
        if (n is not JsonValue v) return double.NaN;
        if (v.TryGetValue(out double d)) return d;
        if (v.TryGetValue(out string? s) && double.TryParse(s, NumberStyles.Float, Inv, out d)) return d;
        return double.NaN;
    }

    private static string S(JsonNode? n, string key) => n?[key]?.GetValue<string>() ?? "";

    private static string F(double v, string fmt) => double.IsNaN(v) || double.IsInfinity(v) ? "n/a" : v.ToString(fmt, Inv);

    private static double Ratio(double a, double b) => double.IsNaN(a) || double.IsNaN(b) || b == 0 ? double.NaN : a / b;

    public static string Render(string dir)
    {
        var runs = Load(dir);
        if (runs.Count == 0) return "no results\n";
        var sb = new StringBuilder();
        Fanout(sb, runs, "fanout", "Fan-out: 1 channel");
        Fanout(sb, runs, "rooms", "Fan-out: many rooms");
        Overload(sb, runs);
        Churn(sb, runs);
        Durable(sb, runs);
        History(sb, runs);
        Idle(sb, runs);
        return sb.ToString();
    }

    private static IEnumerable<(string File, JsonNode Node)> Of(List<(string File, JsonNode Node)> runs, string scenario) =>
        runs.Where(r => S(r.Node, "Scenario") == scenario);

    private static void Fanout(StringBuilder sb, List<(string File, JsonNode Node)> runs, string scenario, string title)
    {
        var rows = Of(runs, scenario).ToList();
        if (rows.Count == 0) return;
        var first = rows[0].Node;
        int rooms = (int)D(first, "Rooms"), members = (int)D(first, "Members");
        sb.AppendLine(string.Create(Inv, $"### {title} — {rooms} room(s) × {members / Math.Max(1, rooms)} members, {(rooms == 1 ? D(first, "Senders") : rooms)} senders, {D(first, "PayloadBytes")}-byte texts"));
        sb.AppendLine();
        var ceil = rows.FirstOrDefault(r => S(r.Node, "Label") == "ceiling").Node;
        double common = rows.Select(r => D(r.Node, "Common.OfferedMsgsPerSec")).FirstOrDefault(x => !double.IsNaN(x), double.NaN);
        sb.AppendLine(string.Create(Inv, $"| server | max deliveries/s (msg/s), reach ≥ 0.99 | × ceiling | reach at max | p50 / p99 at 50% of own max (ms) | ack p99 at 50% (ms) | server CPU ms per 1,000 deliveries at common {F(common, "F0")} msg/s | × ceiling | server / client cores at common | seq gaps / non-monotonic / server closes |"));
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (_, r) in rows.OrderBy(x => S(x.Node, "Label") == "ceiling" ? 0 : 1))
        {
            // Deliveries of the max step's messages per second of schedule (= expected × reach): unlike frames counted
            // inside the short window it does not undercount when latency is a sizeable part of the step.
            double max = D(r, "Max.ExpectedDeliveriesPerSec") * D(r, "Max.Reach"), cpu = D(r, "Common.ServerCpuPer1000Deliveries") * 1000;
            bool isCeil = S(r, "Label") == "ceiling";
            sb.AppendLine(string.Create(Inv,
                $"| {S(r, "Label")} | {F(max, "N0")} ({F(D(r, "Max.OfferedMsgsPerSec"), "F1")}) | {(isCeil ? "1" : F(Ratio(max, D(ceil, "Max.ExpectedDeliveriesPerSec") * D(ceil, "Max.Reach")), "F3"))} " +
                $"| {F(D(r, "Max.Reach"), "F4")} | {F(D(r, "Half.P50Ms"), "F1")} / {F(D(r, "Half.P99Ms"), "F1")} | {F(D(r, "Half.AckP99Ms"), "F1")} " +
                $"| {F(cpu, "F2")} | {(isCeil ? "1" : F(Ratio(cpu, D(ceil, "Common.ServerCpuPer1000Deliveries") * 1000), "F2"))} " +
                $"| {F(D(r, "Common.ServerCpuCores"), "F2")} / {F(D(r, "Common.ClientCpuCores"), "F2")} " +
                $"| {(isCeil ? "–" : $"{D(r, "ChatSeqGaps")} / {D(r, "ChatNonMonotonic")} / {D(r, "ServerCloses")}")} |"));
        }
        sb.AppendLine();
    }

    private static void Overload(StringBuilder sb, List<(string File, JsonNode Node)> runs)
    {
        var rows = Of(runs, "overload").ToList();
        if (rows.Count == 0) return;
        sb.AppendLine("### Overload — offered load at a multiple of Chat's own max, clients reading as fast as frames arrive");
        sb.AppendLine();
        sb.AppendLine("| server | members | max msg/s (ramp) | offered msg/s | acknowledged | refused (rate_limited) | reach of acknowledged messages (≥ 0.99) | reach of all offered | p50 / p99 delivery (ms) | ack p99 (ms) | sockets closed by the server (0) |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (_, r) in rows)
            sb.AppendLine(string.Create(Inv,
                $"| {S(r, "Label")} | {D(r, "Members")} | {F(D(r, "Max.OfferedMsgsPerSec"), "F1")} | {F(D(r, "Overload.OfferedMsgsPerSec"), "F1")} | {F(D(r, "Overload.Acks"), "F0")} / {F(D(r, "Overload.MessagesMeasured"), "F0")} " +
                $"| {F(D(r, "Overload.Refused"), "F0")} | {F(D(r, "Overload.AckedReach"), "F4")} | {F(D(r, "Overload.Reach"), "F4")} | {F(D(r, "Overload.P50Ms"), "F1")} / {F(D(r, "Overload.P99Ms"), "F1")} " +
                $"| {F(D(r, "Overload.AckP99Ms"), "F1")} | {D(r, "ServerCloses")} |"));
        sb.AppendLine();
    }

    private static void Churn(StringBuilder sb, List<(string File, JsonNode Node)> runs)
    {
        var rows = Of(runs, "churn").ToList();
        if (rows.Count == 0) return;
        sb.AppendLine("### Join/leave churn — members join and leave one room while messages flow");
        sb.AppendLine();
        sb.AppendLine("| server | stable members | churners | msg/s | joins/s (p50 / p99 ms) | leaves/s (p50 / p99 ms) | deliveries to churners while members | **after their leave was acknowledged (0)** | stable members' reach | p99 (ms) | seq gaps | errors |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (_, r) in rows)
            sb.AppendLine(string.Create(Inv,
                $"| {S(r, "Label")} | {D(r, "Members")} | {D(r, "Churn.Churners")} | {F(D(r, "Half.OfferedMsgsPerSec"), "F1")} " +
                $"| {F(D(r, "Churn.JoinsPerSec"), "F1")} ({F(D(r, "Churn.JoinP50Ms"), "F1")} / {F(D(r, "Churn.JoinP99Ms"), "F1")}) " +
                $"| {F(D(r, "Churn.LeavesPerSec"), "F1")} ({F(D(r, "Churn.LeaveP50Ms"), "F1")} / {F(D(r, "Churn.LeaveP99Ms"), "F1")}) " +
                $"| {D(r, "Churn.DeliveriesWhileMember")} | {D(r, "Churn.DeliveriesAfterLeave")} | {F(D(r, "Half.Reach"), "F4")} | {F(D(r, "Half.P99Ms"), "F1")} | {D(r, "ChatSeqGaps")} | {D(r, "ErrorCount")} |"));
        sb.AppendLine();
    }

    private static void Durable(StringBuilder sb, List<(string File, JsonNode Node)> runs)
    {
        // database, transport, target, senders, members; the closed-loop run before its open-loop half
        var rows = Of(runs, "durable").OrderBy(x => x.File.Split('-')[1], StringComparer.Ordinal).ThenBy(x => S(x.Node, "Transport"), StringComparer.Ordinal)
            .ThenBy(x => S(x.Node, "Target"), StringComparer.Ordinal).ThenByDescending(x => D(x.Node, "Senders")).ThenBy(x => D(x.Node, "RoomMembers"))
            .ThenBy(x => S(x.Node, "Loop"), StringComparer.Ordinal).ToList();
        if (rows.Count == 0) return;
        sb.AppendLine("### Durable ingest — each message stored before its acknowledgement");
        sb.AppendLine();
        sb.AppendLine("Closed loop: each sender sends its next message when the previous one is acknowledged (REST 201 / socket `message_sent`). Open loop: messages due at a fixed rate (half the closed-loop figure), ack latency measured from the due time.");
        sb.AppendLine();
        sb.AppendLine("| run | database | transport | conversation(s) | members | senders | loop | offered msg/s | acked msg/s | ack p50 / p99 / max (ms) | server CPU ms per message | errors | created = lastSeq |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (file, r) in rows)
        {
            string target = S(r, "Target");
            int senders = (int)D(r, "Senders");
            string convs = target == "direct" ? $"{senders} direct" : "1 channel";
            double members = target == "direct" ? 2 : Math.Max(D(r, "RoomMembers"), senders);
            string db = file.Split('-') is { Length: > 2 } parts ? parts[1] : "";
            sb.AppendLine(string.Create(Inv,
                $"| {S(r, "Label")} | {db} | {S(r, "Transport")} | {convs} | {members} | {senders} | {S(r, "Loop")} | {F(D(r, "OfferedPerSec"), "F0")} | {F(D(r, "AckedPerSec"), "F1")} " +
                $"| {F(D(r, "P50Ms"), "F2")} / {F(D(r, "P99Ms"), "F2")} / {F(D(r, "MaxMs"), "F1")} | {F(D(r, "ServerCpuMsPerMessage"), "F2")} | {D(r, "Errors")} " +
                $"| {D(r, "CreatedTotal")} = {D(r, "LastSeqTotal")} {(r["SeqMatchesCreated"]?.GetValue<bool>() == true ? "OK" : "MISMATCH")} |"));
        }
        // The large channel against the 8-member one, same database, transport and senders (target: within 20 %)
        var big = rows.Where(x => S(x.Node, "Target") == "channel" && S(x.Node, "Loop") == "closed" && D(x.Node, "Senders") == 8 && D(x.Node, "RoomMembers") > 8).ToList();
        if (big.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("| database / transport | 8-member channel msg/s | large channel msg/s | large ÷ small (target ≥ 0.8) |");
            sb.AppendLine("|---|---|---|---|");
            foreach (var (file, r) in big)
            {
                string db = file.Split('-')[1];
                var small = rows.FirstOrDefault(x => x.File.Split('-')[1] == db && S(x.Node, "Target") == "channel" && S(x.Node, "Loop") == "closed"
                    && S(x.Node, "Transport") == S(r, "Transport") && D(x.Node, "RoomMembers") == 8 && D(x.Node, "Senders") == 8).Node;
                sb.AppendLine(string.Create(Inv, $"| {db} / {S(r, "Transport")} | {F(D(small, "AckedPerSec"), "F1")} | {F(D(r, "AckedPerSec"), "F1")} ({D(r, "RoomMembers")} members) | {F(Ratio(D(r, "AckedPerSec"), D(small, "AckedPerSec")), "F2")} |"));
            }
        }
        sb.AppendLine();
    }

    private static void History(StringBuilder sb, List<(string File, JsonNode Node)> runs)
    {
        var rows = Of(runs, "history").ToList();
        if (rows.Count == 0) return;
        sb.AppendLine("### History — `GET /conversations/{id}/messages?limit=50&before=<random seq>`");
        sb.AppendLine();
        sb.AppendLine("| messages in the conversation | concurrency | requests | req/s | p50 / p90 / p99 / max (ms) | server CPU ms per request | errors | wrong pages |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (_, r) in rows)
            sb.AppendLine(string.Create(Inv,
                $"| {D(r, "MaxSeq"):N0} | {D(r, "Concurrency")} | {D(r, "Requests")} | {F(D(r, "RequestsPerSec"), "F0")} | {F(D(r, "P50Ms"), "F2")} / {F(D(r, "P90Ms"), "F2")} / {F(D(r, "P99Ms"), "F2")} / {F(D(r, "MaxMs"), "F1")} " +
                $"| {F(D(r, "ServerCpuMsPerRequest"), "F2")} | {D(r, "Errors")} | {D(r, "WrongCount")} |"));
        sb.AppendLine();
    }

    private static void Idle(StringBuilder sb, List<(string File, JsonNode Node)> runs)
    {
        var rows = Of(runs, "idle").OrderBy(x => D(x.Node, "Members")).ThenBy(x => S(x.Node, "Label") == "ceiling" ? 0 : 1).ToList();
        if (rows.Count == 0) return;
        sb.AppendLine("### Idle sockets — memory per socket");
        sb.AppendLine();
        sb.AppendLine("KiB per socket = (server RSS with the sockets open and idle − RSS just before they opened) ÷ sockets. Chat: one socket per registered user unless noted.");
        sb.AppendLine();
        sb.AppendLine("| server | sockets | source addresses | RSS before → with sockets (MiB) | KiB per socket | × ceiling | still open after the hold | sockets opened in (s) | users registered in (s) | client errors |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        double Kib(JsonNode r) => (D(r, "ServerRssIdleKb") - (D(r, "ServerRssBeforeSocketsKb") >= 0 ? D(r, "ServerRssBeforeSocketsKb") : D(r, "ServerRssBaselineKb"))) / D(r, "Members");
        foreach (var (_, r) in rows)
        {
            var ceil = rows.FirstOrDefault(x => S(x.Node, "Label") == "ceiling" && D(x.Node, "Members") == D(r, "Members")).Node;
            double before = D(r, "ServerRssBeforeSocketsKb") >= 0 ? D(r, "ServerRssBeforeSocketsKb") : D(r, "ServerRssBaselineKb");
            sb.AppendLine(string.Create(Inv,
                $"| {S(r, "Label")} | {D(r, "Members"):N0} | {D(r, "LocalAddresses")} | {before / 1024:F0} → {D(r, "ServerRssIdleKb") / 1024:F0} | {F(Kib(r), "F1")} " +
                $"| {(ceil == null ? "n/a" : F(Ratio(Kib(r), Kib(ceil)), "F2"))} | {D(r, "OpenAfterHold")} | {F(D(r, "SetupSeconds.sockets"), "F1")} | {F(D(r, "SetupSeconds.register"), "F1")} | {D(r, "ErrorCount")} |"));
        }
        sb.AppendLine();
    }
}
