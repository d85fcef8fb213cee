using System.Globalization;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Domain.Messages;
using MediatR;

namespace Chat.Application.Features.Messages.GetThread;

/// <summary>A range of the (thread root, seq) index.</summary>
internal sealed class GetThreadQueryHandler(IChatDbContext db, ICurrentUser currentUser, MessageReader reader)
    : IRequestHandler<GetThreadQuery, CursorPage<MessageDto>>
{
    public async Task<CursorPage<MessageDto>> Handle(GetThreadQuery request, CancellationToken cancellationToken)
    {
        var limit = PageLimits.Normalize(request.Limit);
        var after = request.After ?? 0;
        var replies = (await reader.ReadAsync(
                db.Set<Message>()
                    .Where(m => m.ThreadRootId == request.MessageId && m.Seq > after && m.DeletedAt == null)
                    .OrderBy(m => m.Seq)
                    .Take(limit + 1),
                currentUser.UserId,
                cancellationToken))
            .OrderBy(m => m.Seq)
            .ToList();

        var page = replies.Take(limit).ToList();
        var next = replies.Count > limit ? page[^1].Seq.ToString(CultureInfo.InvariantCulture) : null;
        return new CursorPage<MessageDto>(page, next);
    }
}
