using Chat.Application.Common.Search;
using Chat.Application.Features.Search.SearchMessages;

namespace Chat.Application.Tests.Search;

public sealed class TextFoldingTests
{
    [Theory]
    [InlineData("Émile", "emile")]
    [InlineData("E\u0301MILE", "emile")]
    [InlineData("Ёлка", "елка")]
    [InlineData("ЙОГУРТ", "иогурт")]
    [InlineData("ΛΌΓΟΣ", "λογοσ")]
    [InlineData("λόγος", "λογοσ")]
    [InlineData("ﬁle", "file")]
    [InlineData("ＡＢＣ１", "abc1")]
    [InlineData("Straße", "straße")]
    public void Words_fold_case_normal_form_and_diacritics(string word, string folded) =>
        TextFolding.Fold(word).Should().Be(folded);

    [Fact]
    public void Tokens_keep_their_place_in_the_original_text()
    {
        var text = "«Cafe\u0301», said 'Zoë' — 42 times!";

        var tokens = TextFolding.Tokenize(text);

        tokens.Select(t => t.Folded).Should().Equal("cafe", "said", "zoe", "42", "times");
        tokens.Select(t => text.Substring(t.Start, t.Length)).Should().Equal("Cafe\u0301", "said", "Zoë", "42", "times");
        TextFolding.Terms(["Émile Zola"], ["Report-Q3.pdf"]).Should().Be("emile zola report q3 pdf");
    }

    [Fact]
    public void Operators_and_quotes_are_no_words()
    {
        TextFolding.Tokenize("\"a\" OR b* NEAR(c) d:e").Select(t => t.Folded).Should().Equal("a", "or", "b", "near", "c", "d", "e");
        SearchMessagesQueryHandler.FoldedWords("b a b A").Should().Equal("b", "a");
    }
}
