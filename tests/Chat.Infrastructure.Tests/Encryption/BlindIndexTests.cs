using System.Security.Cryptography;
using Chat.Infrastructure.Encryption;
using FluentAssertions;
using Xunit;

namespace Chat.Infrastructure.Tests.Encryption;

public sealed class BlindIndexTests
{
    private readonly BlindIndex _index = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Tokens_are_sixteen_letters_and_equal_only_for_equal_words()
    {
        var token = _index.WordToken("hello");

        token.Should().MatchRegex("^[a-p]{16}$");
        _index.WordToken("hello").Should().Be(token);
        _index.WordToken("hellp").Should().NotBe(token);
        new BlindIndex(RandomNumberGenerator.GetBytes(32)).WordToken("hello").Should().NotBe(token, "another search key gives other tokens");
    }

    [Fact]
    public void A_word_is_found_by_itself_and_by_each_prefix_from_three_letters()
    {
        var stored = _index.IndexTokens(["kalomi"]);

        stored.Should().Contain(_index.WordToken("kalomi"));
        foreach (var prefix in new[] { "kal", "kalo", "kalom", "kalomi" })
        {
            var (token, needsCheck) = _index.PrefixToken(prefix);
            stored.Should().Contain(token!);
            needsCheck.Should().BeFalse();
        }

        stored.Should().NotContain(_index.PrefixToken("kalomis").Token!);
        stored.Should().NotContain(_index.WordToken("kal"), "a prefix is not a whole word");
        _index.PrefixToken("ka").Token.Should().BeNull("prefixes shorter than three letters are not indexed");
    }

    [Fact]
    public void Prefixes_count_code_points_and_long_prefixes_are_capped_and_checked_later()
    {
        var word = "𝒜𝒜𝒜bcdefghijklmnop";
        var stored = _index.IndexTokens([word]);

        stored.Should().Contain(_index.PrefixToken("𝒜𝒜𝒜").Token!);
        var (token, needsCheck) = _index.PrefixToken("𝒜𝒜𝒜bcdefghijklm");
        needsCheck.Should().BeTrue();
        stored.Should().Contain(token!);
        stored.Should().HaveCount(1 + (BlindIndex.MaximumPrefix - BlindIndex.MinimumPrefix + 1));
    }

    [Fact]
    public void Repeated_words_and_shared_prefixes_are_stored_once()
    {
        var stored = _index.IndexTokens(["cat", "cat", "cats"]);

        stored.Should().OnlyHaveUniqueItems();
        stored.Should().HaveCount(4, "word cat, word cats, prefix cat (once), prefix cats");
    }
}
