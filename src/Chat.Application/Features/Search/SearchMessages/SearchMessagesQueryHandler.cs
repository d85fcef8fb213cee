using System.Globalization;
using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Application.Common.Search;
using Chat.Application.Features.Messages;
using Chat.Domain.Messages;
using MediatR;

namespace Chat.Application.Features.Search.SearchMessages;

/// <summary>
/// Folds the words, asks the provider's <see cref="IMessageSearch"/> for one page of hits (access is part of that
/// query, so a stranger's conversation never contributes even a count), reads the messages as the caller sees them and
/// adds a snippet with highlights to each. The cursor is the last hit's index row id. With encryption at rest the index
/// holds blind-index tokens (docs/encryption.md "Search"), so the words are looked up by their tokens: whole words, the
/// last one by its prefix token (a last word under three letters matches whole words only); a last word longer than
/// the indexed prefixes is checked on the opened text.
/// </summary>
internal sealed class SearchMessagesQueryHandler(IChatDbContext db, ICurrentUser currentUser, IMessageSearch search, MessageReader reader, IContentProtection protection)
    : IRequestHandler<SearchMessagesQuery, CursorPage<MessageDto>>
{
    public async Task<CursorPage<MessageDto>> Handle(SearchMessagesQuery request, CancellationToken cancellationToken)
    {
        var userId = currentUser.UserId;
        var words = FoldedWords(request.Q);
        var limit = PageLimits.Normalize(request.Limit);
        var before = DecodeCursor(request.Cursor);

        var (lookup, checkLast) = protection.Enabled ? await TokensAsync(words, cancellationToken) : (words, false);
        var hits = await search.FindAsync(userId, request.ConversationId, lookup, lastAsPrefix: !protection.Enabled, before, limit + 1, cancellationToken);
        var page = hits.Take(limit).ToList();
        var ids = page.Select(h => h.MessageId).ToList();
        var messages = (await reader.ReadAsync(db.Set<Message>().Where(m => ids.Contains(m.Id) && m.DeletedAt == null), userId, cancellationToken))
            .ToDictionary(m => m.Id);

        var items = page
            .Where(h => messages.TryGetValue(h.MessageId, out var message) && (!checkLast || HasWordStartingWith(message, words[^1])))
            .Select(h => WithSnippet(messages[h.MessageId], words))
            .ToList();
        var next = hits.Count > limit ? Cursor.Encode(page[^1].EntryId.ToString(CultureInfo.InvariantCulture)) : null;
        return new CursorPage<MessageDto>(items, next);
    }

    /// <summary>The distinct folded words in the order typed, the last one typed kept last (it is the prefix).</summary>
    internal static IReadOnlyList<string> FoldedWords(string? q)
    {
        var folded = TextFolding.Tokenize(q).Select(t => t.Folded).ToList();
        var last = folded[^1];
        return folded.Take(folded.Count - 1).Where(w => w != last).Distinct().Append(last).ToList();
    }

    /// <summary>The blind-index tokens of the folded words (the last as a prefix), and whether hits must be checked on the text.</summary>
    private async Task<(IReadOnlyList<string> Tokens, bool CheckLast)> TokensAsync(IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        var tokens = new List<string>(words.Count);
        var checkLast = false;
        for (var i = 0; i < words.Count; i++)
        {
            var last = i == words.Count - 1;
            var token = (last ? await protection.QueryTokenAsync(words[i], asPrefix: true, cancellationToken) : null)
                ?? await protection.QueryTokenAsync(words[i], asPrefix: false, cancellationToken);
            tokens.Add(token!.Value.Token);
            checkLast |= last && token.Value.NeedsCheck;
        }

        return (tokens, checkLast);
    }

    private static bool HasWordStartingWith(MessageDto message, string prefix) =>
        TextFolding.Tokenize(message.Content).Concat(message.Attachments.SelectMany(a => TextFolding.Tokenize(a.FileName)))
            .Any(t => t.Folded.StartsWith(prefix, StringComparison.Ordinal));

    private static long? DecodeCursor(string? cursor) =>
        Cursor.Decode(cursor) is not { } value ? null
        : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
        : throw new BadRequestException("The cursor is not valid.");

    private static MessageDto WithSnippet(MessageDto message, IReadOnlyList<string> words)
    {
        var fromContent = SearchSnippet.Build(message.Content, words);
        if (fromContent.Highlights.Count > 0)
        {
            return message with { Snippet = fromContent.Text, Highlights = fromContent.Highlights };
        }

        foreach (var attachment in message.Attachments)
        {
            var fromName = SearchSnippet.Build(attachment.FileName, words);
            if (fromName.Highlights.Count > 0)
            {
                return message with { Snippet = fromName.Text, Highlights = fromName.Highlights };
            }
        }

        return message with { Snippet = fromContent.Text, Highlights = fromContent.Highlights };
    }
}
