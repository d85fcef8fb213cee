using System.Globalization;
using System.Text;

namespace Chat.Domain.Attachments;

/// <summary>
/// Display file names. A client's name is only ever shown, never used as a path: path parts, control and format
/// characters (bidi overrides such as U+202E, which make <c>exe.png</c> read as <c>gnp.exe</c>) go, white space is
/// collapsed, and the result is cut to <see cref="AttachmentLimits.FileNameMaxLength"/> characters (Unicode code points).
/// </summary>
public static class FileNames
{
    public const string Fallback = "file";

    public static string Sanitize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Fallback;
        }

        var lastSeparator = name.LastIndexOfAny(['/', '\\']);
        var leaf = lastSeparator >= 0 ? name[(lastSeparator + 1)..] : name;
        var builder = new StringBuilder(leaf.Length);
        var codePoints = 0;
        foreach (var rune in leaf.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                if (builder.Length > 0 && builder[^1] != ' ' && codePoints < AttachmentLimits.FileNameMaxLength)
                {
                    builder.Append(' ');
                    codePoints++;
                }

                continue;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                continue;
            }

            if (codePoints == AttachmentLimits.FileNameMaxLength)
            {
                break;
            }

            builder.Append(rune.ToString());
            codePoints++;
        }

        var result = builder.ToString().Trim().Trim('.').Trim();
        return result.Length == 0 ? Fallback : result;
    }
}
