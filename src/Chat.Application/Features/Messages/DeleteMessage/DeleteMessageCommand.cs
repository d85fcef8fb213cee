using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Messages.DeleteMessage;

/// <summary>Soft-deletes a message (its sender, or a group's owner); deleting twice is fine.</summary>
public sealed record DeleteMessageCommand(Guid MessageId) : IRequest<Unit>, IMessageRequest;
