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
/// adds a snippet with highlights to each. The cursor is the last hit's index row id.
/// </summary>
internal sealed class SearchMessagesQueryHandler(IChatDbContext db, ICurrentUser currentUser, IMessageSearch search, MessageReader reader)
    : IRequestHandler<SearchMessagesQuery, CursorPage<MessageDto>>
{
    public async Task<CursorPage<MessageDto>> Handle(SearchMessagesQuery request, CancellationToken cancellationToken)
    {
        var userId = currentUser.UserId;
        var words = FoldedWords(request.Q);
        var limit = PageLimits.Normalize(request.Limit);
        var before = DecodeCursor(request.Cursor);

        var hits = await search.FindAsync(userId, request.ConversationId, words, before, limit + 1, cancellationToken);
        var page = hits.Take(limit).ToList();
        var ids = page.Select(h => h.MessageId).ToList();
        var messages = (await reader.ReadAsync(db.Set<Message>().Where(m => ids.Contains(m.Id) && m.DeletedAt == null), userId, cancellationToken))
            .ToDictionary(m => m.Id);

        var items = page
            .Where(h => messages.ContainsKey(h.MessageId))
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
