using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Messages.RemoveReaction;

/// <summary>Takes back the caller's reaction with an emoji; nothing happens when there was none.</summary>
public sealed record RemoveReactionCommand(Guid MessageId, string Emoji) : IRequest<Unit>, IMessageRequest;
