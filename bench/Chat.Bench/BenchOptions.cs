using System.Globalization;

namespace Chat.Bench;

/// <summary>Command-line options: the command, then <c>--name value</c> pairs.</summary>
internal sealed record BenchOptions(string Command, IReadOnlyDictionary<string, string> Values)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new BenchOptions(args.Length > 0 ? args[0] : string.Empty, values);
    }

    public string Get(string name, string fallback) => Values.TryGetValue(name, out var value) ? value : fallback;

    public int GetInt(string name, int fallback) => Values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
