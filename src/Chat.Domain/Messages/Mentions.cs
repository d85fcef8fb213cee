using System.Text.RegularExpressions;
using Chat.Domain.Users;

namespace Chat.Domain.Messages;

/// <summary>Finds <c>@username</c> mentions in message content.</summary>
public static partial class Mentions
{
    /// <summary>
    /// The normalized usernames that content may mention, at most <see cref="MessageLimits.MaxMentions"/>.
    /// An <c>@</c> starts a mention only at the start or after a character that cannot be part of a username
    /// (so <c>mail@example.org</c> mentions nobody). Trailing dots and dashes (end of a sentence) are also tried without.
    /// </summary>
    public static IReadOnlyCollection<string> CandidateUsernames(string? content)
    {
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(content))
        {
            return candidates;
        }

        foreach (Match match in MentionPattern().Matches(content))
        {
            var name = User.Normalize(match.Groups["name"].Value);
            foreach (var candidate in new[] { name, name.TrimEnd('.', '-') })
            {
                if (candidate.Length is >= UserLimits.UsernameMinLength and <= UserLimits.UsernameMaxLength && candidates.Count < MessageLimits.MaxMentions * 2)
                {
                    candidates.Add(candidate);
                }
            }
        }

        return candidates;
    }

    /// <summary>
    /// Whether <paramref name="content"/> can mention anyone: every mention starts with <c>@</c> (U+0040), so content
    /// without one has no <see cref="CandidateUsernames"/>. An ordinal search, far cheaper than the pattern: readers
    /// use it to skip looking up the mentions of messages that cannot have any.
    /// </summary>
    public static bool MayMention(string? content) => content is not null && content.Contains('@', StringComparison.Ordinal);

    [GeneratedRegex(@"(?<![A-Za-z0-9_.@-])@(?<name>[A-Za-z0-9_.-]{3,32})(?![A-Za-z0-9_])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex MentionPattern();
}
