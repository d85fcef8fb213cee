using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Conversations.MarkConversationRead;

/// <summary>Moves the caller's read marker forward to <see cref="Seq"/>, or to the seq of <see cref="MessageId"/>; never backwards.</summary>
public sealed record MarkConversationReadCommand(Guid ConversationId, long? Seq = null, Guid? MessageId = null) : IRequest<Unit>, IConversationRequest, IBlockableWrite;
