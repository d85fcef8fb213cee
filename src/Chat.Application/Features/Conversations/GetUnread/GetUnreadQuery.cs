using MediatR;

namespace Chat.Application.Features.Conversations.GetUnread;

/// <summary>The caller's unread messages per conversation (only conversations with some) and in total.</summary>
public sealed record GetUnreadQuery : IRequest<UnreadDto>;
