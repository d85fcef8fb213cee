using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Application.Features.Users;
using Chat.Domain.Friends;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Friends.GetFriendRequests;

internal sealed class GetFriendRequestsQueryHandler(IChatDbContext db, ICurrentUser currentUser)
    : IRequestHandler<GetFriendRequestsQuery, CursorPage<FriendRequestDto>>
{
    public async Task<CursorPage<FriendRequestDto>> Handle(GetFriendRequestsQuery request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var limit = PageLimits.Normalize(request.Limit);

        var pending = db.Set<Friendship>().AsNoTracking().Where(f => f.Status == FriendshipStatus.Pending);
        pending = FriendRequestDirection.IsOutgoing(request.Direction)
            ? pending.Where(f => f.RequesterId == me)
            : pending.Where(f => f.RequesterId != me && (f.UserLowId == me || f.UserHighId == me));

        // Newest first by creation, the id only breaking ties (SQL Server sorts uniqueidentifier by its last bytes,
        // decisions/0009). Indexes (RequesterId|UserLowId|UserHighId, Status, CreatedAt, Id).
        if (TimeIdCursor.Decode(request.Cursor) is var (time, id))
        {
            pending = pending.Where(f => f.CreatedAt < time || (f.CreatedAt == time && f.Id.CompareTo(id) < 0));
        }

        var users = db.Set<User>().AsNoTracking();
        var rows = await (
                from f in pending
                join sender in users on f.RequesterId equals sender.Id
                join recipient in users on (f.RequesterId == f.UserLowId ? f.UserHighId : f.UserLowId) equals recipient.Id
                orderby f.CreatedAt descending, f.Id descending
                select new FriendRequestDto(
                    f.Id,
                    new UserSummaryDto { Id = sender.Id, Username = sender.Username, DisplayName = sender.DisplayName, AvatarUrl = sender.AvatarUrl },
                    new UserSummaryDto { Id = recipient.Id, Username = recipient.Username, DisplayName = recipient.DisplayName, AvatarUrl = recipient.AvatarUrl },
                    f.CreatedAt))
            .Take(limit + 1)
            .ToListAsync(cancellationToken);

        return CursorPage.FromRows(rows, limit, r => TimeIdCursor.Encode(r.CreatedAt, r.Id));
    }
}
