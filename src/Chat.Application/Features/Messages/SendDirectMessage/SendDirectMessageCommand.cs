using MediatR;
using Chat.Application.Features.Messages.SendMessage;

namespace Chat.Application.Features.Messages.SendDirectMessage;

/// <summary>
/// Sends to a person rather than a conversation: opens the direct conversation with <see cref="UserId"/> (or reuses it)
/// and sends into it, under the rules of both steps — friendship when <c>Chat:DirectMessages:RequireFriendship</c> is on,
/// no block either way, the <c>SendMessage</c> rate limit, and <see cref="ClientMessageId"/> idempotency (a retry answers
/// the stored message with <c>Created: false</c>). The message's <c>conversationId</c> names the conversation.
/// </summary>
public sealed record SendDirectMessageCommand(Guid UserId, string? Content, string? ClientMessageId = null, Guid? ReplyToId = null)
    : IRequest<SendMessageResult>;
