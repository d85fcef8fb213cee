using System.Globalization;
using System.Text;
using Chat.Domain.Common;

namespace Chat.Domain.Tests.Common;

/// <summary>Issue 10 §3: text measured in code points, visible content, and names folded for search.</summary>
public sealed class UnicodeTextTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("abc", 3)]
    [InlineData("😀", 1)]
    [InlineData("😀😀", 2)]
    [InlineData("e\u0301", 2)]
    [InlineData("👩‍👩‍👧", 5)]
    public void Code_points_count_scalar_values_and_lone_surrogates_once(string text, int expected) =>
        UnicodeText.CodePoints(text).Should().Be(expected);

    [Fact]
    public void Two_thousand_and_one_emoji_are_2001_characters_though_4002_utf16_units()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 2001));

        text.Length.Should().Be(4002);
        UnicodeText.CodePoints(text).Should().Be(2001);
    }

    public static TheoryData<string, string> Invisible => new()
    {
        { "zero width space", "\u200B" },
        { "word joiner", "\u2060" },
        { "byte order mark", "\uFEFF" },
        { "zero width joiner and non-joiner", "\u200D\u200C" },
        { "left-to-right and right-to-left marks", "\u200E\u200F" },
        { "bidi embedding and override", "\u202A\u202E\u202C" },
        { "bidi isolates", "\u2066\u2069" },
        { "soft hyphen", "\u00AD" },
        { "combining grapheme joiner", "\u034F" },
        { "arabic letter mark", "\u061C" },
        { "mongolian vowel separator and free variation selectors", "\u180E\u180B" },
        { "variation selectors", "\uFE0F\uFE0E" },
        { "supplementary variation selector", "\U000E0100" },
        { "tag characters", "\U000E0041\U000E007F" },
        { "hangul fillers", "\u3164\u115F\u1160\uFFA0" },
        { "braille blank", "\u2800" },
        { "ideographic space", "\u3000" },
        { "no-break and thin spaces", "\u00A0\u2009\u202F" },
        { "line and paragraph separators", "\u2028\u2029" },
        { "controls", "\u0001\u0007\u007F\u0085" },
        { "combining marks alone", "\u0301\u0308\u20DD" },
        { "spacing combining mark alone", "\u0903" },
        { "interlinear annotation", "\uFFF9\uFFFB" },
        { "musical formatting", "\U0001D173\U0001D17A" },
        { "shorthand format controls", "\U0001BCA0" },
        { "unassigned", "\U0003FFFD" },
        { "mixture", " \u200B\t\u2060\uFEFF\u0301\n" },
    };

    [Theory]
    [MemberData(nameof(Invisible))]
    public void Text_made_only_of_invisible_code_points_has_nothing_visible(string kind, string text) =>
        UnicodeText.HasVisibleCharacter(text).Should().BeFalse(kind);

    [Theory]
    [InlineData("a")]
    [InlineData("\u200Bx\u200B")]
    [InlineData("é")]
    [InlineData("e\u0301")]
    [InlineData("😀")]
    [InlineData("❤")]
    [InlineData("1️⃣")]
    [InlineData("中")]
    [InlineData("\uE000")]
    [InlineData("·")]
    public void Text_with_one_visible_character_is_visible(string text) =>
        UnicodeText.HasVisibleCharacter(text).Should().BeTrue();

    [Theory]
    [InlineData("Émile", "émile")]
    [InlineData("E\u0301mile", "émile")]
    [InlineData("ÉMILE", "émile")]
    [InlineData("ΣΊΣΥΦΟΣ", "σίσυφοσ")]
    [InlineData("σίσυφος", "σίσυφοσ")]
    [InlineData("ПРИВЕТ", "привет")]
    [InlineData("Straße", "straße")]
    [InlineData("STRAẞE", "straße")]
    [InlineData("Ǆemal", "ǆemal")]
    [InlineData("ǅemal", "ǆemal")]
    [InlineData("ISTANBUL", "istanbul")]
    [InlineData("ıI", "ıi")]
    [InlineData("😀 Party", "😀 party")]
    [InlineData("50%_[x]\\", "50%_[x]\\")]
    public void Folding_is_case_folding_in_nfc_without_accent_removal(string name, string folded)
    {
        UnicodeText.FoldForSearch(name).Should().Be(folded.Normalize(NormalizationForm.FormC));
        UnicodeText.FoldForSearch(name).IsNormalized(NormalizationForm.FormC).Should().BeTrue();
    }

    [Fact]
    public void Nfc_and_nfd_spellings_fold_alike_and_accents_stay()
    {
        UnicodeText.FoldForSearch("Émile".Normalize(NormalizationForm.FormD)).Should().Be(UnicodeText.FoldForSearch("Émile"));
        UnicodeText.FoldForSearch("Émile").Should().NotStartWith("emile");

        // The Greek iota subscript upper-cases to a capital iota; folding the decomposed form makes both spellings agree.
        UnicodeText.FoldForSearch("\u1FB3").Should().Be(UnicodeText.FoldForSearch("\u03B1\u0345"));
    }

    [Fact]
    public void Unpaired_surrogates_count_once_and_show_nothing()
    {
        UnicodeText.CodePoints("\uD800x").Should().Be(2);
        UnicodeText.CodePoints("x\uDC00").Should().Be(2);
        UnicodeText.HasVisibleCharacter("\uD800").Should().BeFalse();
        UnicodeText.HasVisibleCharacter("\uDC00\u200B\uD800").Should().BeFalse();
        UnicodeText.HasVisibleCharacter("\uFFFD").Should().BeTrue();
    }

    [Fact]
    public void An_unpaired_surrogate_folds_without_throwing() =>
        UnicodeText.FoldForSearch("a\uD800B").Should().Be("a\uFFFDb");

    [Fact]
    public void Every_code_point_folds_within_the_column_budget()
    {
        for (var value = 0; value <= 0x10FFFF; value++)
        {
            if (!Rune.IsValid(value))
            {
                continue;
            }

            var rune = new Rune(value);
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            UnicodeText.FoldForSearch(rune.ToString()).Length.Should().BeLessThanOrEqualTo(
                UnicodeText.FoldedUtf16PerCodePoint, $"U+{value:X4} must fold within the budget");
        }

        // A whole name of the longest expanders still fits its column.
        var worst = string.Concat(Enumerable.Repeat("\U0001D160", 100));
        UnicodeText.FoldForSearch(worst).Length.Should().BeLessThanOrEqualTo(UnicodeText.FoldedCapacity(100));
    }

    [Fact]
    public void A_column_holds_twice_the_code_point_limit_in_utf16_units() =>
        UnicodeText.Utf16Capacity(4000).Should().Be(string.Concat(Enumerable.Repeat("😀", 4000)).Length);
}
