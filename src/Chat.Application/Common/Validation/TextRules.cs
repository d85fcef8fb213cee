using Chat.Domain.Common;
using FluentValidation;

namespace Chat.Application.Common.Validation;

/// <summary>
/// The one way validators measure text (issue 10 §3): lengths in characters meaning Unicode code points
/// (<see cref="UnicodeText.CodePoints"/>), never UTF-16 units, and the messages say so. A null value passes (use
/// <c>NotNull</c>/<c>NotEmpty</c> for required fields).
/// </summary>
public static class TextRules
{
    /// <summary>At most <paramref name="max"/> code points (as sent, not trimmed).</summary>
    public static IRuleBuilderOptions<T, TText> MaxCodePoints<T, TText>(this IRuleBuilder<T, TText> rule, int max) => rule
        .Must(v => UnicodeText.CodePoints(v as string) <= max)
        .WithMessage($"'{{PropertyName}}' must be at most {max} {UnicodeText.Unit}.");

    /// <summary>Between <paramref name="min"/> and <paramref name="max"/> code points (as sent, not trimmed).</summary>
    public static IRuleBuilderOptions<T, TText> CodePointsBetween<T, TText>(this IRuleBuilder<T, TText> rule, int min, int max) => rule
        .Must(v => UnicodeText.CodePoints(v as string) is var n && n >= min && n <= max)
        .WithMessage($"'{{PropertyName}}' must be {min}–{max} {UnicodeText.Unit}.");

    /// <summary>A name or title: 1–<paramref name="max"/> code points after trimming, with at least one visible character.</summary>
    public static IRuleBuilderOptions<T, TText> VisibleName<T, TText>(this IRuleBuilder<T, TText> rule, string label, int max) => rule
        .Must(v => v is string s && UnicodeText.CodePoints(s.Trim()) is >= 1 and var n && n <= max && UnicodeText.HasVisibleCharacter(s))
        .WithMessage($"{label} must be 1–{max} {UnicodeText.Unit} after trimming, with at least one visible character.");

    /// <summary>Optional text of at most <paramref name="max"/> code points after trimming.</summary>
    public static IRuleBuilderOptions<T, TText> TrimmedMaxCodePoints<T, TText>(this IRuleBuilder<T, TText> rule, string label, int max) => rule
        .Must(v => UnicodeText.CodePoints((v as string)?.Trim()) <= max)
        .WithMessage($"{label} must be at most {max} {UnicodeText.Unit}.");
}
