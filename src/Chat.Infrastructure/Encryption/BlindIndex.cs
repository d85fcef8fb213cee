using System.Security.Cryptography;
using System.Text;

namespace Chat.Infrastructure.Encryption;

/// <summary>
/// Search over encrypted messages: instead of folded words, the index stores keyed HMAC-SHA256 tokens of them (a
/// "blind index"), so equal words give equal tokens and nothing else can be read from them without the search key.
/// Every word gets a whole-word token; words of <see cref="MinimumPrefix"/> letters or more also get a token for each
/// prefix from <see cref="MinimumPrefix"/> up to <see cref="MaximumPrefix"/> letters, itself included (type-ahead). A longer query prefix
/// is looked up by its first <see cref="MaximumPrefix"/> letters and then checked on the decrypted text.
/// Tokens are 16 letters a–p (64 bits of the HMAC): one plain word for every database's full-text tokenizer.
/// </summary>
public sealed class BlindIndex(byte[] searchKey)
{
    /// <summary>Shortest prefix indexed for type-ahead (code points).</summary>
    public const int MinimumPrefix = 3;

    /// <summary>Longest prefix indexed (code points); longer query prefixes are checked after decryption.</summary>
    public const int MaximumPrefix = 12;

    private const int TokenBytes = 8;

    /// <summary>The tokens to store for one message's folded words (whole words and prefixes), distinct, in first-seen order.</summary>
    public IReadOnlyList<string> IndexTokens(IEnumerable<string> foldedWords)
    {
        var tokens = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in foldedWords)
        {
            Add(WordToken(word));
            // The word itself counts as one of its prefixes, so a prefix query needs one token.
            for (var length = MinimumPrefix; length <= Math.Min(CountRunes(word), MaximumPrefix); length++)
            {
                Add(Token('p', PrefixOf(word, length)));
            }
        }

        return tokens;

        void Add(string token)
        {
            if (seen.Add(token))
            {
                tokens.Add(token);
            }
        }
    }

    /// <summary>The token that finds a whole folded word.</summary>
    public string WordToken(string foldedWord) => Token('w', foldedWord);

    /// <summary>
    /// The token that finds words starting with <paramref name="foldedPrefix"/>, and whether the match must then be
    /// checked on the decrypted text (a prefix longer than <see cref="MaximumPrefix"/>). A prefix shorter than
    /// <see cref="MinimumPrefix"/> has no token (null): it matches whole words only.
    /// </summary>
    public (string? Token, bool NeedsCheck) PrefixToken(string foldedPrefix)
    {
        var runes = CountRunes(foldedPrefix);
        if (runes < MinimumPrefix)
        {
            return (null, false);
        }

        return runes <= MaximumPrefix ? (Token('p', foldedPrefix), false) : (Token('p', PrefixOf(foldedPrefix, MaximumPrefix)), true);
    }

    private string Token(char kind, string text)
    {
        var input = Encoding.UTF8.GetBytes(kind + "\0" + text);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(searchKey, input, mac);
        Span<char> letters = stackalloc char[TokenBytes * 2];
        for (var i = 0; i < TokenBytes; i++)
        {
            letters[2 * i] = (char)('a' + (mac[i] >> 4));
            letters[(2 * i) + 1] = (char)('a' + (mac[i] & 0xF));
        }

        return new string(letters);
    }

    private static int CountRunes(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private static string PrefixOf(string text, int runes)
    {
        var length = 0;
        var taken = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (taken == runes)
            {
                break;
            }

            length += rune.Utf16SequenceLength;
            taken++;
        }

        return text[..length];
    }
}
