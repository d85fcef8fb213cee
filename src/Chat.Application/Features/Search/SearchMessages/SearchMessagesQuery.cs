using Chat.Application.Common.Paging;
using Chat.Application.Features.Messages;
using MediatR;

namespace Chat.Application.Features.Search.SearchMessages;

/// <summary>
/// Full-text search over the messages of every conversation the caller takes part in now (or only
/// <see cref="ConversationId"/>; a conversation the caller cannot read simply yields nothing), newest first, deleted
/// messages excluded. Every word of <see cref="Q"/> must match a word of the content or of an attachment's file name;
/// the last word also matches as a prefix. Matching folds case, normalization form and diacritics
/// (<see cref="Common.Search.TextFolding"/>). Items carry <c>snippet</c> and <c>highlights</c>.
/// </summary>
public sealed record SearchMessagesQuery(string? Q, Guid? ConversationId = null, int? Limit = null, string? Cursor = null)
    : IRequest<CursorPage<MessageDto>>;
