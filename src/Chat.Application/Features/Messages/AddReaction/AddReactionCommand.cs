using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Messages.AddReaction;

/// <summary>Reacts to a message with an emoji; reacting again with the same emoji changes nothing.</summary>
public sealed record AddReactionCommand(Guid MessageId, string Emoji) : IRequest<Unit>, IMessageRequest, IBlockableWrite;
