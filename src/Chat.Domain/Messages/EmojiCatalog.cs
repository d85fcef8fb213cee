using System.Text;

namespace Chat.Domain.Messages;

/// <summary>
/// The emoji a reaction may be: every sequence of Unicode's <c>emoji-test.txt</c> (<see cref="Version"/>), shipped as
/// the embedded resource <c>Messages/Data/emoji-test-17.0-sequences.txt</c> (source and licence in the README beside
/// it). Fully-qualified, minimally-qualified and unqualified forms are one emoji and map to the fully-qualified form
/// (<c>❤</c> → <c>❤️</c>). Loaded once.
/// </summary>
public static class EmojiCatalog
{
    /// <summary>The Unicode Emoji version of the shipped list.</summary>
    public const string Version = "17.0";

    private const char VariationSelector16 = '\uFE0F';

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Forms = new(Load);

    /// <summary>Every sequence of the list (all qualification forms) mapped to its fully-qualified form.</summary>
    public static IReadOnlyDictionary<string, string> All => Forms.Value;

    /// <summary>The fully-qualified form of <paramref name="emoji"/> when it is one emoji of the list, else null.</summary>
    public static string? FullyQualified(string? emoji) =>
        emoji is not null && Forms.Value.TryGetValue(emoji, out var qualified) ? qualified : null;

    private static Dictionary<string, string> Load()
    {
        using var stream = typeof(EmojiCatalog).Assembly.GetManifestResourceStream("Chat.Domain.emoji-test-17.0-sequences.txt")
            ?? throw new InvalidOperationException("The emoji list is not embedded in Chat.Domain.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var sequences = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                sequences.Add(line);
            }
        }

        // UTS #51: minimally-qualified and unqualified sequences are the fully-qualified one with some U+FE0F left out,
        // so in each group of sequences equal without U+FE0F the one with the most U+FE0F is fully-qualified.
        var forms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in sequences.GroupBy(s => s.Replace(VariationSelector16.ToString(), string.Empty, StringComparison.Ordinal), StringComparer.Ordinal))
        {
            var qualified = group.MaxBy(s => s.Count(c => c == VariationSelector16))!;
            foreach (var form in group)
            {
                forms[form] = qualified;
            }
        }

        return forms;
    }
}
