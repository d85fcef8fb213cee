using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Messages.SendMessage;

/// <summary>
/// Sends a message. A retry with the same <see cref="ClientMessageId"/> (per sender and conversation) returns the stored
/// message (with its attachments) instead of storing another. <see cref="ReplyToId"/> must be a message of the same
/// conversation. <see cref="AttachmentIds"/>: up to 10 of the sender's own unsent uploads (422 when unknown or not the
/// sender's, 409 <c>attachment_already_sent</c> when one is in another message); with attachments, content may be empty.
/// </summary>
public sealed record SendMessageCommand(
    Guid ConversationId, string? Content, string? ClientMessageId = null, Guid? ReplyToId = null, IReadOnlyList<Guid>? AttachmentIds = null)
    : IRequest<SendMessageResult>, IConversationRequest, IRateLimitedRequest, IRecheckedWhenStored
{
    public static string RateLimitPolicy => "SendMessage";
}
