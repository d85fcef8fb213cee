using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Messages.MarkMessageRead;

/// <summary>Marks the conversation read up to this message (the marker only moves forward).</summary>
public sealed record MarkMessageReadCommand(Guid MessageId) : IRequest<Unit>, IMessageRequest, IBlockableWrite;
