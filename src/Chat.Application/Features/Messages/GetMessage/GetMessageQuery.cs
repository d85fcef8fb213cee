using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Messages.GetMessage;

/// <summary>One message (a tombstone when deleted).</summary>
public sealed record GetMessageQuery(Guid MessageId) : IRequest<MessageDto>, IMessageRequest;
