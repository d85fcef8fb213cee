using Chat.Domain.Messages;

namespace Chat.Domain.Tests.Conversations;

public sealed class MentionsTests
{
    [Theory]
    [InlineData("hi @alice", new[] { "alice" })]
    [InlineData("@Bob.Smith, look", new[] { "bob.smith" })]
    [InlineData("thanks @carol.", new[] { "carol.", "carol" })]
    [InlineData("(@dave) and @erin-", new[] { "dave", "erin-", "erin" })]
    [InlineData("mail@example.org and @@x and @ab", new string[0])]
    [InlineData("@this_username_is_far_too_long_to_be_one", new string[0])]
    public void Mentions_are_at_usernames_not_inside_words(string content, string[] expected)
    {
        Mentions.CandidateUsernames(content).Should().BeEquivalentTo(expected);
    }

    [Theory]
    [InlineData("hi @alice", true)]
    [InlineData("mail@example.org", true)]
    [InlineData("plain words", false)]
    [InlineData("＠alice (a fullwidth commercial at)", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Content_without_an_at_sign_can_mention_nobody(string? content, bool mayMention)
    {
        Mentions.MayMention(content).Should().Be(mayMention);

        // The cheap check readers use to skip a lookup must never say "no" where the pattern finds a candidate.
        if (!mayMention)
        {
            Mentions.CandidateUsernames(content).Should().BeEmpty();
        }
    }

    [Fact]
    public void At_most_a_bounded_number_of_candidates_is_considered()
    {
        var content = string.Join(' ', Enumerable.Range(0, 500).Select(i => $"@user{i:000}"));

        Mentions.CandidateUsernames(content).Count.Should().BeLessThanOrEqualTo(MessageLimits.MaxMentions * 2);
    }
}
