using Chat.Application.Common.Search;
using Chat.Application.Features.Messages;

namespace Chat.Application.Features.Search.SearchMessages;

/// <summary>
/// A plain-text window of a message around its first matching word, with every matching word inside it as UTF-16
/// offsets into the window. A word matches when its folded form equals a query word, or starts with the last one.
/// Cut at word boundaries, with "…" where text was left out.
/// </summary>
internal static class SearchSnippet
{
    public const int Before = 60;
    public const int MaxLength = 200;
    private const string Ellipsis = "…";

    public static (string Text, IReadOnlyList<HighlightDto> Highlights) Build(string? text, IReadOnlyList<string> words)
    {
        if (string.IsNullOrEmpty(text))
        {
            return (string.Empty, []);
        }

        var tokens = TextFolding.Tokenize(text);
        var last = words[^1];
        var matches = tokens.Where(t => t.Folded.StartsWith(last, StringComparison.Ordinal) || words.Contains(t.Folded)).ToList();
        if (text.Length <= MaxLength)
        {
            return (text, matches.Select(m => new HighlightDto(m.Start, m.Length)).ToList());
        }

        var first = matches.Count > 0 ? matches[0].Start : 0;
        // Start at the beginning of a word at most Before units ahead of the match, end at the end of a word.
        var start = first <= Before ? 0 : tokens.Where(t => t.Start >= first - Before && t.Start <= first).Select(t => t.Start).DefaultIfEmpty(first).Min();
        var end = Math.Min(text.Length, start + MaxLength);
        if (end < text.Length)
        {
            end = tokens.Where(t => t.Start + t.Length <= end && t.Start + t.Length > start).Select(t => t.Start + t.Length).DefaultIfEmpty(end).Max();
        }

        var prefix = start > 0 ? Ellipsis : string.Empty;
        var snippet = prefix + text[start..end] + (end < text.Length ? Ellipsis : string.Empty);
        var highlights = matches
            .Where(m => m.Start >= start && m.Start + m.Length <= end)
            .Select(m => new HighlightDto(m.Start - start + prefix.Length, m.Length))
            .ToList();
        return (snippet, highlights);
    }
}
