using System.Globalization;
using System.Text;

namespace Chat.Application.Common.Search;

/// <summary>
/// The one folding rule of message search (docs/attachments-and-search.md): a word is a run of letters and digits;
/// it is folded by compatibility decomposition (NFKD: <c>ﬁ</c> → <c>fi</c>, full-width → ASCII), dropping combining
/// marks (diacritics: <c>É</c> → <c>E</c>, <c>й</c> → <c>и</c>, <c>ά</c> → <c>α</c>) and case folding (upper- then
/// lower-casing, so the Greek final <c>ς</c> and <c>σ</c> agree). Done in .NET so every database provider indexes and
/// searches exactly the same tokens.
/// </summary>
public static class TextFolding
{
    /// <summary>A word of a text: where it starts and how long it is (UTF-16 units of the original), and its folded form.</summary>
    public readonly record struct Token(int Start, int Length, string Folded);

    /// <summary>The folded words of <paramref name="text"/> in order, with their places in the original text.</summary>
    public static List<Token> Tokenize(string? text)
    {
        var tokens = new List<Token>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }

        var start = -1;
        var i = 0;
        while (i <= text.Length)
        {
            var width = 1;
            var inWord = false;
            if (i < text.Length && Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                width = consumed;
                inWord = IsWordRune(rune);
            }

            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var folded = Fold(text.AsSpan(start, i - start));
                if (folded.Length > 0)
                {
                    tokens.Add(new Token(start, i - start, folded));
                }

                start = -1;
            }

            i += width;
        }

        return tokens;
    }

    /// <summary>The folded words of <paramref name="texts"/>, space-separated (the stored search column).</summary>
    public static string Terms(params IEnumerable<string?>[] texts) =>
        string.Join(' ', texts.SelectMany(t => t).SelectMany(t => Tokenize(t)).Select(t => t.Folded));

    /// <summary>Folds one word; characters that are not letters or digits once decomposed are dropped.</summary>
    public static string Fold(ReadOnlySpan<char> word)
    {
        var decomposed = word.ToString().Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                builder.Append(Rune.ToLowerInvariant(Rune.ToUpperInvariant(rune)).ToString());
            }
        }

        // Case mapping can produce composed letters again; keep the stored form canonical.
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    // Combining marks belong to the word they modify (an NFD "e" + U+0301 is one word, not two).
    private static bool IsWordRune(Rune rune) =>
        Rune.IsLetterOrDigit(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
}
