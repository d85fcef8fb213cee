using System.Text.Json.Nodes;

namespace LoadGen;

/// <summary>
/// Latency against offered load, one PNG per scenario that has more than one load point (ScottPlot): every measured
/// step of the ramp, the 50 % run, the common-rate run and the overload step, p50 and p99 per server.
/// </summary>
public static class Plots
{
    private static readonly string[] StepKeys = ["Half", "Common", "Overload"];

    public static void Render(string dir)
    {
        var runs = Report.Load(dir);
        foreach (var scenario in new[] { "fanout", "rooms", "overload", "churn" })
        {
            var rows = runs.Where(r => r.Node["Scenario"]?.GetValue<string>() == scenario).ToList();
            if (rows.Count == 0) continue;
            var plt = new ScottPlot.Plot();
            int series = 0;
            foreach (var (_, r) in rows)
            {
                var steps = new List<JsonNode>();
                if (r["RampSteps"] is JsonArray ramp) steps.AddRange(ramp.Where(s => s != null)!);
                foreach (var k in StepKeys) if (r[k] is JsonObject s) steps.Add(s);
                var pts = steps
                    .Select(s => (x: s["OfferedMsgsPerSec"]!.GetValue<double>(), p50: s["P50Ms"]!.GetValue<double>(), p99: s["P99Ms"]!.GetValue<double>(),
                        delivered: s["DeliveredInWindow"]!.GetValue<long>()))
                    .Where(p => p.delivered > 0)
                    .OrderBy(p => p.x).ToArray();
                if (pts.Length == 0) continue;
                string label = r["Label"]?.GetValue<string>() ?? "";
                var xs = pts.Select(p => Log(p.x)).ToArray();
                var p99 = plt.Add.Scatter(xs, pts.Select(p => Log(p.p99)).ToArray());
                p99.LegendText = $"{label} p99";
                var p50 = plt.Add.Scatter(xs, pts.Select(p => Log(p.p50)).ToArray());
                p50.LegendText = $"{label} p50";
                p50.LinePattern = ScottPlot.LinePattern.Dashed;
                p50.Color = p99.Color;
                series++;
            }
            if (series == 0) continue;
            plt.Title($"{scenario}: delivery latency vs offered load");
            plt.XLabel("offered messages per second (log scale)");
            plt.YLabel("latency from scheduled send to delivery, ms (log scale)");
            LogAxes(plt);
            plt.ShowLegend();
            plt.SavePng(Path.Combine(dir, $"{scenario}.png"), 900, 560);
            Console.Error.WriteLine($"plot: {Path.Combine(dir, $"{scenario}.png")}");
        }
        Durable(dir, runs);
    }

    // Rates span 2 to 10,000 msg/s and latencies 1 ms to seconds: both axes are log10 of the value, labelled in values.
    private static double Log(double v) => Math.Log10(Math.Max(v, 0.01));

    private static void LogAxes(ScottPlot.Plot plt)
    {
        static string Label(double y)
        {
            double v = Math.Pow(10, y);
            return v >= 1 ? v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : v.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        }
        plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(), IntegerTicksOnly = true, LabelFormatter = Label,
        };
        plt.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(), IntegerTicksOnly = true, LabelFormatter = Label,
        };
        plt.Grid.MajorLineColor = ScottPlot.Colors.Black.WithOpacity(.15);
        plt.Grid.MinorLineColor = ScottPlot.Colors.Black.WithOpacity(.05);
        plt.Grid.MinorLineWidth = 1;
    }

    /// <summary>Durable ingest: ack p99 against acknowledged msg/s, one series per database and transport.</summary>
    private static void Durable(string dir, List<(string File, JsonNode Node)> runs)
    {
        var rows = runs.Where(r => r.Node["Scenario"]?.GetValue<string>() == "durable").ToList();
        if (rows.Count == 0) return;
        var plt = new ScottPlot.Plot();
        foreach (var g in rows.GroupBy(r => $"{r.File.Split('-')[1]} {r.Node["Transport"]?.GetValue<string>()} {r.Node["Target"]?.GetValue<string>()}"))
        {
            var pts = g.Select(r => (x: r.Node["AckedPerSec"]!.GetValue<double>(), y: r.Node["P99Ms"]!.GetValue<double>()))
                .Where(p => p.x > 0).OrderBy(p => p.x).ToArray();
            if (pts.Length == 0) continue;
            var s = plt.Add.Scatter(pts.Select(p => Log(p.x)).ToArray(), pts.Select(p => Log(p.y)).ToArray());
            s.LegendText = g.Key;
        }
        plt.Title("durable ingest: ack p99 vs acknowledged load (open loop at half, closed loop at max)");
        plt.XLabel("acknowledged messages per second (log scale)");
        plt.YLabel("ack p99, ms (log scale)");
        LogAxes(plt);
        plt.ShowLegend();
        plt.SavePng(Path.Combine(dir, "durable.png"), 900, 560);
        Console.Error.WriteLine($"plot: {Path.Combine(dir, "durable.png")}");
    }
}
