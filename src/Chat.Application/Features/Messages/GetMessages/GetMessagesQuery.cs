using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Messages.GetMessages;

/// <summary>
/// A page of history in ascending seq. With no cursor the newest <see cref="Limit"/>; else messages before or after a
/// seq, or around one (half before, half from it on). Deleted messages only with <see cref="IncludeDeleted"/>.
/// Reading history counts as delivery to the caller.
/// </summary>
public sealed record GetMessagesQuery(
    Guid ConversationId, long? Before = null, long? After = null, long? Around = null, int? Limit = null, bool IncludeDeleted = false)
    : IRequest<MessageHistoryDto>, IConversationRequest, ISharedConnectionRequest;
