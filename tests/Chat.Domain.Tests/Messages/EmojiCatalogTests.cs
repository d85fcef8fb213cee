using Chat.Domain.Messages;

namespace Chat.Domain.Tests.Messages;

/// <summary>Issue 10 §3: a reaction is one emoji of emoji-test.txt, stored in its fully-qualified form.</summary>
public sealed class EmojiCatalogTests
{
    [Theory]
    [InlineData("❤", "❤️")]
    [InlineData("❤️", "❤️")]
    [InlineData("👍", "👍")]
    [InlineData("👍🏽", "👍🏽")]
    [InlineData("☺", "☺️")]
    [InlineData("😶‍🌫", "😶‍🌫️")]
    [InlineData("1⃣", "1️⃣")]
    [InlineData("🏳‍🌈", "🏳️‍🌈")]
    [InlineData("👩‍❤‍👨", "👩‍❤️‍👨")]
    [InlineData("🇫🇷", "🇫🇷")]
    [InlineData("🏴󠁧󠁢󠁳󠁣󠁴󠁿", "🏴󠁧󠁢󠁳󠁣󠁴󠁿")]
    [InlineData("🫩", "🫩")]
    public void Every_qualification_form_maps_to_the_fully_qualified_one(string emoji, string qualified) =>
        EmojiCatalog.FullyQualified(emoji).Should().Be(qualified);

    [Theory]
    [InlineData("lol")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("👍 ")]
    [InlineData("👍👍")]
    [InlineData("a")]
    [InlineData("\u200B")]
    [InlineData("❤\uFE0F\uFE0F")]
    [InlineData("\uFE0F")]
    [InlineData(null)]
    public void Anything_else_is_not_an_emoji(string? text)
    {
        EmojiCatalog.FullyQualified(text).Should().BeNull();
        Message.IsValidEmoji(text).Should().BeFalse();
    }

    [Fact]
    public void The_shipped_list_is_emoji_17_with_one_fully_qualified_form_per_emoji()
    {
        EmojiCatalog.Version.Should().Be("17.0");
        EmojiCatalog.All.Should().HaveCount(5225);
        var qualified = EmojiCatalog.All.Values.Distinct().ToList();
        qualified.Should().HaveCount(3953);

        // A fully-qualified form maps to itself, and its group holds no other form with as many U+FE0F.
        qualified.Should().OnlyContain(q => EmojiCatalog.All[q] == q);
        foreach (var group in EmojiCatalog.All.GroupBy(p => p.Value))
        {
            var most = group.Max(p => p.Key.Count(c => c == '\uFE0F'));
            group.Count(p => p.Key.Count(c => c == '\uFE0F') == most).Should().Be(1, group.Key);
        }

        EmojiCatalog.All.Keys.Max(k => k.Length).Should().BeLessThanOrEqualTo(MessageLimits.EmojiMaxLength);
    }
}
