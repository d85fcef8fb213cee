using Chat.Application.Common.Behaviours;
using Chat.Application.Common.Paging;
using MediatR;

namespace Chat.Application.Features.Messages.GetThread;

/// <summary>
/// The replies of a thread (messages whose thread root is <see cref="MessageId"/>) in ascending seq, deleted ones left out.
/// <c>nextCursor</c> is the seq to pass as <see cref="After"/> for the next page.
/// </summary>
public sealed record GetThreadQuery(Guid MessageId, long? After = null, int? Limit = null) : IRequest<CursorPage<MessageDto>>, IMessageRequest;
