using System.Globalization;
using System.Text;

namespace Chat.Domain.Common;

/// <summary>
/// How the server measures, checks and compares text the way people read it (issue 10 §3, docs/security.md "Text").
/// <list type="bullet">
/// <item>Lengths are Unicode scalar values (code points), not UTF-16 units: <c>😀</c> is one character, <c>é</c> written
/// as <c>e</c> + U+0301 is two. Grapheme clusters are not used: they would let unbounded combining marks through and
/// could not be matched to a column size.</item>
/// <item>Content and names must contain at least one visible character (<see cref="HasVisibleCharacter"/>).</item>
/// <item>Names are compared by their <see cref="FoldForSearch">folded form</see>: case folded in every script and in
/// Normalization Form C, accents kept.</item>
/// </list>
/// </summary>
public static class UnicodeText
{
    /// <summary>The phrase every length limit's message and the contract use for the unit of length.</summary>
    public const string Unit = "characters (Unicode code points)";

    /// <summary>
    /// A folded text has at most this many UTF-16 units per code point of its source: canonical decomposition turns
    /// one code point into at most four (UAX #15, e.g. U+1F82), each at most two UTF-16 units; case mapping keeps the
    /// count and recomposition only shortens.
    /// </summary>
    public const int FoldedUtf16PerCodePoint = 8;

    /// <summary>Unicode scalar values in <paramref name="text"/>; an unpaired surrogate counts as one.</summary>
    public static int CodePoints(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var count = text.Length;
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }

    /// <summary>
    /// UTF-16 units a database column needs to hold <paramref name="codePoints"/> code points: twice as many (a code
    /// point outside the Basic Multilingual Plane is two units). EF's maximum length is UTF-16 units on SQL Server
    /// (<c>nvarchar(n)</c>) and characters on PostgreSQL (<c>varchar(n)</c>); twice the code points fits both.
    /// </summary>
    public static int Utf16Capacity(int codePoints) => codePoints * 2;

    /// <summary>
    /// True when <paramref name="text"/> has at least one code point that shows something: not white space, not a
    /// control (Cc), format (Cf, e.g. U+200B, U+2060, U+FEFF), separator, surrogate or unassigned code point, not a
    /// combining mark (Mn, Mc, Me: they only modify another character), not a default-ignorable code point (Hangul
    /// fillers, variation selectors, tags, …; DerivedCoreProperties.txt, Unicode 17.0) and not U+2800 BRAILLE PATTERN
    /// BLANK.
    /// </summary>
    public static bool HasVisibleCharacter(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var i = 0;
        while (i < text.Length)
        {
            // An unpaired surrogate shows nothing (EnumerateRunes would read it as the visible U+FFFD).
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) == System.Buffers.OperationStatus.Done && IsVisible(rune))
            {
                return true;
            }

            i += consumed;
        }

        return false;
    }

    /// <summary>Whether one code point shows something on its own (see <see cref="HasVisibleCharacter"/>).</summary>
    public static bool IsVisible(Rune rune)
    {
        if (Rune.IsWhiteSpace(rune) || IsDefaultIgnorable(rune.Value) || rune.Value == 0x2800)
        {
            return false;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => false,
            _ => true,
        };
    }

    /// <summary>
    /// The form names are stored and searched in: canonical decomposition, case folding (each code point upper- then
    /// lower-cased, so <c>Σ</c>, <c>σ</c> and <c>ς</c>, <c>ẞ</c> and <c>ß</c>, <c>Ǆ</c>, <c>ǅ</c> and <c>ǆ</c> agree), then
    /// Normalization Form C. Accents are kept: <c>emile</c> does not match <c>Émile</c>; NFC and NFD spellings of the
    /// same name fold alike. Done in .NET so SQLite and PostgreSQL compare exactly the same strings (their own
    /// <c>lower()</c> folds ASCII only). At most <see cref="FoldedUtf16PerCodePoint"/> UTF-16 units per code point.
    /// </summary>
    public static string FoldForSearch(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // An unpaired surrogate (which Normalize refuses) becomes U+FFFD, as EnumerateRunes reads it.
        var wellFormed = text.EnumerateRunes().Any(r => r == Rune.ReplacementChar) ? string.Concat(text.EnumerateRunes().Select(r => r.ToString())) : text;
        var decomposed = wellFormed.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
        {
            builder.Append(Rune.ToLowerInvariant(Rune.ToUpperInvariant(rune)).ToString());
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>UTF-16 units a column needs for the folded form of a name of <paramref name="codePoints"/> code points.</summary>
    public static int FoldedCapacity(int codePoints) => codePoints * FoldedUtf16PerCodePoint;

    // Default_Ignorable_Code_Point, DerivedCoreProperties.txt (Unicode 17.0).
    private static bool IsDefaultIgnorable(int c) =>
        c is 0x00AD or 0x034F or 0x061C or (>= 0x115F and <= 0x1160) or (>= 0x17B4 and <= 0x17B5) or (>= 0x180B and <= 0x180F)
            or (>= 0x200B and <= 0x200F) or (>= 0x202A and <= 0x202E) or (>= 0x2060 and <= 0x206F) or 0x3164
            or (>= 0xFE00 and <= 0xFE0F) or 0xFEFF or 0xFFA0 or (>= 0xFFF0 and <= 0xFFF8) or (>= 0x1BCA0 and <= 0x1BCA3)
            or (>= 0x1D173 and <= 0x1D17A) or (>= 0xE0000 and <= 0xE0FFF);
}
