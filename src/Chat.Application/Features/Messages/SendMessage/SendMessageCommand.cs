using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Messages.SendMessage;

/// <summary>
/// Sends a message. A retry with the same <see cref="ClientMessageId"/> (per sender and conversation) returns the stored
/// message instead of storing another. <see cref="ReplyToId"/> must be a message of the same conversation.
/// </summary>
public sealed record SendMessageCommand(Guid ConversationId, string? Content, string? ClientMessageId = null, Guid? ReplyToId = null)
    : IRequest<SendMessageResult>, IConversationRequest, IRateLimitedRequest
{
    public static string RateLimitPolicy => "SendMessage";
}
