using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Messages.GetMessageEdits;

/// <summary>The contents a message had before its edits, oldest first (none once the message is deleted).</summary>
public sealed record GetMessageEditsQuery(Guid MessageId) : IRequest<IReadOnlyList<MessageEditDto>>, IMessageRequest;
