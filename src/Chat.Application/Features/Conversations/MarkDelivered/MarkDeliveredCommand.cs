using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Conversations.MarkDelivered;

/// <summary>
/// Records that messages up to <see cref="Seq"/> reached one of the caller's devices (a socket push or a history fetch);
/// in a direct conversation the other participant hears <c>message_delivered</c>.
/// </summary>
public sealed record MarkDeliveredCommand(Guid ConversationId, long Seq) : IRequest<Unit>, IConversationRequest, IBlockableWrite;
