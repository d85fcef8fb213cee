using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Messages.EditMessage;

/// <summary>Replaces a message's content (sender only); the previous content is kept in its edits.</summary>
public sealed record EditMessageCommand(Guid MessageId, string? Content) : IRequest<MessageDto>, IMessageRequest, IBlockableWrite;
