using Chat.Application.Common.Paging;
using Chat.Domain.Conversations;
using MediatR;

namespace Chat.Application.Features.Conversations.GetConversations;

/// <summary>
/// The caller's conversations, newest activity first: direct and group ones, or only those of <see cref="Kind"/>.
/// <see cref="Search"/> matches the title or a participant's username or display name (case-insensitive).
/// </summary>
public sealed record GetConversationsQuery(ConversationKind? Kind = null, string? Search = null, int? Limit = null, string? Cursor = null)
    : IRequest<CursorPage<ConversationDto>>;
