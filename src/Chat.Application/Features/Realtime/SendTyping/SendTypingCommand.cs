using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Realtime.SendTyping;

/// <summary>
/// The caller started or stopped typing in a conversation: relayed as <c>typing</c> to the other participants who are
/// online, except users who blocked the caller or whom the caller blocked. Nothing is stored.
/// </summary>
public sealed record SendTypingCommand(Guid ConversationId, bool? IsTyping) : IRequest<Unit>, IConversationRequest, IBlockableWrite;
